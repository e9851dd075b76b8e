/*
 * demo.c — the demo market (see demo.h).  The clock is moved back in time
 * while the history is replayed, so deadlines, days left and the Q-6 bar
 * look as they would in a market that has run for a year.
 */
#include "sim/demo.h"
#include "app/applications.h"
#include "app/auth.h"
#include "app/market.h"
#include "app/providers.h"
#include "core/idnum.h"
#include "sim/journey.h"

#include <string.h>

#define DAY 86400

struct demo {
	struct app *app;
	uint64_t rng;
	int64_t base;          /* the real "now" the history leads up to */
	struct actor officer;
	FILE *log;
};

static uint64_t rnd(struct demo *d)
{
	/* xorshift64*: small, seeded, reproducible */
	d->rng ^= d->rng >> 12;
	d->rng ^= d->rng << 25;
	d->rng ^= d->rng >> 27;
	return d->rng * 2685821657736338717ULL;
}

static int pick(struct demo *d, int n)
{
	return (int)(rnd(d) % (uint64_t)n);
}

/* Run one use case as actor, `days_ago` days before the demo's now. */
static json_t *call(struct demo *d, const struct actor *actor, int days_ago,
		    app_usecase_fn fn, json_t *in, struct kverr *e)
{
	json_t *out = NULL;

	d->app->fixed_now = d->base - (int64_t)days_ago * DAY;
	if (app_run(d->app, actor, true, fn, in, &out, e))
		out = NULL;
	json_decref(in);
	return out;
}

static int64_t id_of(json_t *o)
{
	return json_integer_value(json_object_get(o, "id"));
}

static int add_user(struct demo *d, const char *username, const char *name,
		    const char *role, struct actor *as, struct kverr *e)
{
	json_t *out = call(d, &app_system_actor, 400, app_user_add,
			   json_pack("{s:s, s:s, s:s, s:s}", "username", username,
				     "display_name", name, "role", role,
				     "password", DEMO_PASSWORD), e);

	if (!out)
		return -1;
	if (as) {
		memset(as, 0, sizeof(*as));
		as->user_id = id_of(out);
		as->role = role_parse(role);
		snprintf(as->username, sizeof(as->username), "%s", username);
	}
	json_decref(out);
	return 0;
}

static int add_accounts(struct demo *d, struct kverr *e)
{
	struct db *db;
	int rc;

	if (add_user(d, "admin", "Systemförvaltare", "admin", NULL, e) ||
	    add_user(d, "handlaggare1", "Anna Lindqvist", "case_officer",
		     &d->officer, e) ||
	    add_user(d, "handlaggare2", "Omar Haddad", "case_officer", NULL, e) ||
	    add_user(d, "controller1", "Maria Berg", "controller", NULL, e) ||
	    add_user(d, "controller2", "Johan Ekström", "controller", NULL, e) ||
	    add_user(d, "arbetssokande1", "Hodan Warsame", "jobseeker", NULL, e))
		return -1;
	db = store_acquire(d->app->store);
	rc = db_run(db, "INSERT INTO meta(key, value) VALUES ('demo_password', ?)",
		    "s", e, DEMO_PASSWORD);
	store_release(d->app->store, db);
	return rc;
}

/* One delivery area per county, named after it (e.g. "Skåne län"). */
static int add_national(struct demo *d, json_t **areas, struct kverr *e)
{
	struct db *db = store_acquire(d->app->store);
	json_t *counties = db_query_json(db, "SELECT county, min(code) AS first"
					 " FROM municipalities GROUP BY county"
					 " ORDER BY first", "", e);
	json_t *prog, *c;
	size_t i;

	store_release(d->app->store, db);
	if (!counties)
		return -1;
	prog = call(d, &app_system_actor, 400, app_programme_create,
		    json_pack("{s:s, s:s, s:s, s:s}", "code", "rusta-matcha",
			      "name", "Rusta och matcha (nationell)",
			      "procurement_form", "F-1", "rulebook", "stom"), e);
	*areas = json_array();
	json_array_foreach(counties, i, c) {
		const char *county = json_string_value(json_object_get(c, "county"));
		json_t *munis, *area;
		char code[16];

		db = store_acquire(d->app->store);
		munis = db_query_json(db, "SELECT code FROM municipalities WHERE"
				      " county = ? ORDER BY code", "s", e, county);
		store_release(d->app->store, db);
		if (!prog || !munis)
			break;
		for (size_t k = 0; k < json_array_size(munis); k++)
			json_array_set(munis, k, json_object_get(
				json_array_get(munis, k), "code"));
		snprintf(code, sizeof(code), "LAN-%.2s",
			 json_string_value(json_object_get(c, "first")));
		area = call(d, &app_system_actor, 400, app_area_create,
			    json_pack("{s:I, s:s, s:s, s:o}", "programme_id",
				      (json_int_t)id_of(prog), "code", code, "name",
				      county, "municipalities", munis), e);
		if (!area)
			break;
		json_array_append_new(*areas, area);
	}
	json_decref(counties);
	json_decref(prog);
	return json_array_size(*areas) == i ? 0 : -1;
}

static const char *const name_first[] = {
	"Jobbvägen", "Nordisk Kompetens", "Framtidsbron", "Stegvis", "Arbetslinjen",
	"Kompassen", "Vägledarna", "Mälardalens Matchning", "Norrlandsjobb",
	"Öresunds Karriär", "Språkbron", "Nya Steg", "Kustjobb", "Fjällmatchning",
	"Startpunkten", "Yrkesbron", "Mentorhuset", "Jobbcentralen Syd",
	"Karriärkraft", "Vidga", "Insteg", "Arbetsglädje", "Kunskapslyftet",
	"Tillsammans", "Brobyggarna", "Rätt Match", "Nästa Jobb", "Lyftet",
	"Matchningsbolaget", "Hemmaplan", "Sörmlandsresurs", "Västkustens Jobb",
	"Gotlandsvägen", "Dalarnas Kompetens", "Bergslagen Jobb", "Smålandslänken",
	"Uppsala Karriär", "Värmlandsmatchning", "Jämtjobb", "Göta Kompetens",
	"Blekinge Bro", "Hallandsstegen", "Norrbottens Resurs", "Skånejobb"
};

static const char *const languages[] = { "en", "ar", "so", "ti", "fa", "pl",
					 "bs", "ku", "uk", "es" };

static void orgnr_for(int i, char out[12])
{
	char digits[11];

	/* 55 + a number + the Luhn digit: the shape of an aktiebolag's number. */
	snprintf(digits, sizeof(digits), "556%06d", 123456 + i * 7919);
	for (int c = 0; c <= 9; c++) {
		digits[9] = (char)('0' + c);
		digits[10] = '\0';
		if (idnum_luhn_ok(digits, 10))
			break;
	}
	snprintf(out, 12, "%.6s-%.4s", digits, digits + 6);
}

static json_t *profile_for(struct demo *d, int64_t pid, json_t *area)
{
	json_t *munis = json_object_get(area, "municipalities");
	json_t *langs = json_pack("[s]", "sv"), *locs = json_array();
	int nloc = 1 + pick(d, 3);

	for (int k = 0, n = 1 + pick(d, 3); k < n; k++) {
		json_t *l = json_string(languages[pick(d, 10)]);
		size_t i;
		json_t *v;
		int dup = 0;

		json_array_foreach(langs, i, v)
			dup |= json_equal(v, l);
		if (!dup)
			json_array_append(langs, l);
		json_decref(l);
	}
	for (int k = 0; k < nloc; k++) {
		char addr[80];

		snprintf(addr, sizeof(addr), "%s %d", k % 2 ? "Storgatan" :
			 "Järnvägsgatan", 2 + pick(d, 40));
		json_array_append_new(locs, json_pack("{s:s, s:O, s:b}",
			"address", addr, "municipality",
			json_array_get(munis, (size_t)pick(d, (int)json_array_size(munis))),
			"accessible", pick(d, 5) != 0));
	}
	return json_pack("{s:I, s:s, s:[s, s], s:o, s:b, s:o}", "provider_id",
			 (json_int_t)pid, "description",
			 "Vi stöttar dig att hitta jobb eller börja studera, med en"
			 " personlig handledare och möten varje vecka.",
			 "services", "Individuell coachning", "Jobbsökarträffar",
			 "languages", langs, "digital_delivery", pick(d, 2),
			 "locations", locs);
}

/* Register provider i with its first staff account; fills staff. */
static int64_t register_provider(struct demo *d, int i, int days_ago,
				 struct actor *staff, struct kverr *e)
{
	static const struct actor public_actor = { 0 };
	char orgnr[12], username[32], name[120], email[80];
	json_t *out;
	int64_t pid;

	orgnr_for(i, orgnr);
	snprintf(username, sizeof(username), "staff%02d", i + 1);
	snprintf(name, sizeof(name), "%s AB", name_first[i]);
	snprintf(email, sizeof(email), "kontakt@leverantor%02d.example", i + 1);
	out = call(d, &public_actor, days_ago, app_provider_register,
		   json_pack("{s:s, s:s, s:s, s:s, s:{s:s, s:s, s:s}}", "orgnr",
			     orgnr, "name", name, "kind", i == 43 ? "own_operation"
			     : i % 9 == 4 ? "association" : "company", "email",
			     email, "user", "username", username, "display_name",
			     "Handledare", "password", DEMO_PASSWORD), e);
	if (!out)
		return -1;
	pid = id_of(out);
	memset(staff, 0, sizeof(*staff));
	staff->user_id = json_integer_value(json_object_get(out, "user_id"));
	staff->role = ROLE_PROVIDER_STAFF;
	staff->provider_id = pid;
	snprintf(staff->username, sizeof(staff->username), "%s", username);
	json_decref(out);
	return pid;
}

static json_t *check(struct demo *d, int64_t app_id, int days_ago,
		     json_t *body, struct kverr *e)
{
	json_object_set_new(body, "application_id", json_integer(app_id));
	return call(d, &d->officer, days_ago, app_check_record, body, e);
}

/* Q-2 … Q-5: the four checks; `fail_finances` records a weak economy. */
static int record_checks(struct demo *d, int64_t app_id, int days_ago,
			 int how_many, int fail_finances, struct kverr *e)
{
	char until[DATE_STRLEN];
	json_t *bodies[4];

	date_format(date_add_days(app_civil_date(d->base), 300), until);
	bodies[0] = json_pack("{s:s, s:s, s:{s:b, s:b, s:b, s:b}}", "kind",
			      "conduct", "subject", "Ägare, styrelse och ledning",
			      "registers", "criminal_record", 0, "enforcement", 0,
			      "tax", 0, "companies", 0);
	bodies[1] = json_pack("{s:s, s:b, s:b, s:b, s:b}", "kind", "finances",
			      "credit_rating_sufficient", !fail_finances,
			      "carries_minimum_scenario", 1, "liability_insurance", 1,
			      "new_company", 0);
	bodies[2] = json_pack("{s:s, s:[{s:s, s:i}, {s:s, s:i}], s:b}", "kind",
			      "references", "references", "client",
			      "Arbetsförmedlingen", "participants", 60 + pick(d, 200),
			      "client", "Kommunens arbetsmarknadsenhet",
			      "participants", 30 + pick(d, 80), "knows_regulations", 1);
	bodies[3] = json_pack("{s:s, s:s, s:s}", "kind", "quality", "certificate",
			      "iso9001", "certificate_valid_until", until);
	for (int k = 0; k < 4; k++) {
		json_t *out = k < how_many ? check(d, app_id, days_ago, bodies[k], e)
				  : (json_decref(bodies[k]), json_object());

		if (!out) {
			for (int j = k + 1; j < 4; j++)
				json_decref(bodies[j]);
			return -1;
		}
		json_decref(out);
	}
	return 0;
}

static json_t *decide(struct demo *d, int64_t app_id, int64_t area_id,
		      const char *what, const char *reason, int days_ago,
		      struct kverr *e)
{
	return call(d, &d->officer, days_ago, app_decision_make,
		    json_pack("{s:I, s:I, s:s, s:s, s:s}", "application_id",
			      (json_int_t)app_id, "area_id", (json_int_t)area_id,
			      "decision", what, "reason", reason, "delegation",
			      "Delegationsordning 2026, punkt 4.2 (enhetschef)"), e);
}

/* The life of provider i's application; the state depends on i so that
 * every state appears (see the comments per range). */
static int provider_story(struct demo *d, int i, json_t *areas, struct kverr *e)
{
	int64_t prog = json_integer_value(json_object_get(json_array_get(areas, 0),
							  "programme_id"));
	json_t *area = json_array_get(areas, (size_t)(i % (int)json_array_size(areas)));
	int64_t area_id = id_of(area), app_id;
	/* Admitted providers have served for two years or more, so the
	 * journey simulation has a market to run in. */
	int start = i < 28 ? 760 + 5 * i : i < 30 ? 120 + 5 * i :
		    i < 35 ? 420 : 40 - (i - 35) * 5;
	struct actor staff;
	int64_t pid = register_provider(d, i, start + 5, &staff, e);
	json_t *out;

	if (pid < 0)
		return -1;
	out = call(d, &staff, start + 4, app_provider_profile_set,
		   profile_for(d, pid, area), e);
	if (!out)
		return -1;
	json_decref(out);
	out = call(d, &staff, start, app_application_submit,
		   json_pack("{s:I, s:I, s:[I]}", "provider_id", (json_int_t)pid,
			     "programme_id", (json_int_t)prog, "areas",
			     (json_int_t)area_id), e);
	if (!out)
		return -1;
	app_id = id_of(out);
	json_decref(out);
	if (i < 28 || (i >= 33 && i < 35)) {
		/* Admitted after all checks; 33–34 later terminated. */
		if (record_checks(d, app_id, start - 10, 4, 0, e))
			return -1;
		out = decide(d, app_id, area_id, "admit", "Alla krav i"
			     " förfrågningsunderlaget är uppfyllda.", start - 12, e);
	} else if (i < 31) {
		/* Refused: the credit rating was not sufficient. */
		if (record_checks(d, app_id, start - 8, 4, 1, e))
			return -1;
		out = decide(d, app_id, area_id, "refuse", "Kreditvärdigheten är"
			     " inte tillräcklig (Q-3).", start - 9, e);
	} else if (i < 33) {
		/* Incomplete: waiting for the provider to complete. */
		out = call(d, &d->officer, start - 3, app_application_incomplete,
			   json_pack("{s:I, s:s}", "application_id", (json_int_t)app_id,
				     "reason", "Referensuppdragen saknar antal deltagare."), e);
	} else {
		/* Open, some part-way through the checks, one overdue. */
		out = record_checks(d, app_id, start > 2 ? start - 2 : 0, i % 3, 0, e)
		      ? NULL : json_object();
	}
	if (!out)
		return -1;
	if (i >= 33 && i < 35) {
		int64_t adm_id;
		struct db *db = store_acquire(d->app->store);
		int rc = db_query_int(db, "SELECT id FROM admissions WHERE"
				      " provider_id = ?", "i", &adm_id, e, pid);

		store_release(d->app->store, db);
		json_decref(out);
		if (rc)
			return -1;
		out = call(d, &d->officer, 100, app_admission_terminate,
			   json_pack("{s:I, s:s, s:s}", "admission_id",
				     (json_int_t)adm_id, "reason", "Varning ej åtgärdad"
				     " inom utsatt tid; låga resultat två mätningar i"
				     " rad.", "delegation", "Delegationsordning 2026,"
				     " punkt 4.5 (avdelningschef)"), e);
	}
	json_decref(out);
	return out ? 0 : -1;
}

/* The staff account demo provider i was registered with. */
static int staff_of(struct demo *d, int i, struct actor *staff, struct kverr *e)
{
	char username[32];
	struct db *db = store_acquire(d->app->store);
	json_t *u;

	snprintf(username, sizeof(username), "staff%02d", i + 1);
	u = db_query_one(db, "user", "SELECT id, provider_id FROM users WHERE"
			 " username = ?", "s", e, username);
	store_release(d->app->store, db);
	if (!u)
		return -1;
	memset(staff, 0, sizeof(*staff));
	staff->user_id = id_of(u);
	staff->role = ROLE_PROVIDER_STAFF;
	staff->provider_id = json_integer_value(json_object_get(u, "provider_id"));
	snprintf(staff->username, sizeof(staff->username), "%s", username);
	json_decref(u);
	return 0;
}

/* A municipal job voucher under authorisation (F-2, Nacka's jobbpeng):
 * one delivery area, the municipality itself; three providers admitted,
 * the municipality's own operation among them. */
static int add_municipal(struct demo *d, struct kverr *e)
{
	static const int who[] = { 0, 21, 43 };
	json_t *prog, *area, *out;
	int64_t prog_id, area_id;

	prog = call(d, &app_system_actor, 90, app_programme_create,
		    json_pack("{s:s, s:s, s:s, s:s, s:s, s:b}", "code",
			      "nacka-jobbpeng", "name", "Jobbpeng Nacka",
			      "procurement_form", "F-2", "rulebook", "nacka-jobbpeng",
			      /* C-4: Sundbyberg-style rolling schedule; D-11. */
			      "nonchoice_rule", "rotation", "activity_requirement",
			      1), e);
	if (!prog)
		return -1;
	prog_id = id_of(prog);
	json_decref(prog);
	area = call(d, &app_system_actor, 90, app_area_create,
		    json_pack("{s:I, s:s, s:s, s:[s]}", "programme_id",
			      (json_int_t)prog_id, "code", "NACKA", "name",
			      "Nacka kommun", "municipalities", "0182"), e);
	if (!area)
		return -1;
	area_id = id_of(area);
	json_decref(area);
	for (size_t k = 0; k < sizeof(who) / sizeof(who[0]); k++) {
		struct actor staff;
		int64_t app_id;

		if (staff_of(d, who[k], &staff, e))
			return -1;
		out = call(d, &staff, 80, app_application_submit,
			   json_pack("{s:I, s:I, s:[I]}", "provider_id",
				     (json_int_t)staff.provider_id, "programme_id",
				     (json_int_t)prog_id, "areas", (json_int_t)area_id), e);
		if (!out)
			return -1;
		app_id = id_of(out);
		json_decref(out);
		if (record_checks(d, app_id, 70, 4, 0, e))
			return -1;
		out = decide(d, app_id, area_id, "admit", "Auktorisationsvillkoren"
			     " är uppfyllda.", 65, e);
		if (!out)
			return -1;
		json_decref(out);
	}
	return 0;
}

int demo_build_market(struct app *app, uint64_t seed, FILE *log,
		      struct kverr *e)
{
	struct demo d = { .app = app, .rng = seed ? seed : 1, .log = log };
	int64_t pinned = app->fixed_now;
	json_t *out, *areas = NULL;
	int rc = -1;

	d.base = app_now(app);
	out = call(&d, &app_system_actor, 400, app_municipalities_load, NULL, e);
	if (!out)
		return -1;
	json_decref(out);
	if (add_accounts(&d, e) || add_national(&d, &areas, e))
		goto done;
	fprintf(log, "demo: %zu delivery areas, one per county\n",
		json_array_size(areas));
	for (int i = 0; i < DEMO_PROVIDERS; i++) {
		if (provider_story(&d, i, areas, e)) {
			char where[32];

			snprintf(where, sizeof(where), "provider %d", i + 1);
			kverr_prefix_field(e, where);
			goto done;
		}
	}
	fprintf(log, "demo: %d providers with applications in every state\n",
		DEMO_PROVIDERS);
	if (add_municipal(&d, e))
		goto done;
	fprintf(log, "demo: a municipal programme (Jobbpeng Nacka) with 3 providers\n");
	rc = 0;
done:
	json_decref(areas);
	app->fixed_now = pinned;
	return rc;
}

/* The demo's jobseeker account (arbetssokande1) belongs to someone who
 * has a choice to make, so signing in shows the choice. */
static int link_jobseeker_account(struct app *app, struct kverr *e)
{
	struct db *db = store_acquire(app->store);
	int64_t id = 0;
	int rc = db_query_int(db, "SELECT coalesce(min(id), 0) FROM jobseekers"
			      " WHERE choice_due IS NOT NULL AND status = 'active'",
			      "", &id, e);

	if (rc == 0 && id)
		rc = db_run(db, "UPDATE users SET jobseeker_id = ? WHERE username ="
			    " 'arbetssokande1'", "i", e, id);
	store_release(app->store, db);
	return rc;
}

/* The journeys: people at every stage in the national programme over two
 * years, and a few in the municipal one since it opened. */
static int add_journeys(struct app *app, uint64_t seed, FILE *log,
			struct kverr *e)
{
	struct sim_journey_opts national = { .seed = seed, .people = DEMO_PEOPLE,
					     .months = 24,
					     .programme = "rusta-matcha",
					     .log = NULL };
	struct sim_journey_opts municipal = { .seed = seed + 1, .people = 30,
					      .months = 2,
					      .programme = "nacka-jobbpeng",
					      .log = NULL };
	struct sim_journey_stats st, st2;

	if (sim_journey_run(app, &national, &st, e) ||
	    sim_journey_run(app, &municipal, &st2, e))
		return -1;
	if (link_jobseeker_account(app, e))
		return -1;
	fprintf(log, "demo: %d jobseekers over 24 months: %d chose, %d assigned"
		" by non-choice, %d switched, %d found work (%d claims waiting"
		" for review), %d deviation reports, %d months verified from"
		" income returns, %d attended sessions in Nacka\n",
		st.registered + st2.registered, st.chosen + st2.chosen,
		st.assigned + st2.assigned, st.switched + st2.switched,
		st.ended_job + st2.ended_job, st.unreviewed + st2.unreviewed,
		st.deviations + st2.deviations,
		st.income_verified + st2.income_verified,
		st.attendance + st2.attendance);
	return 0;
}

int demo_build(struct app *app, uint64_t seed, FILE *log, struct kverr *e)
{
	return demo_build_market(app, seed, log, e) ||
	       demo_add_profiling(app, seed, log, e) ||
	       add_journeys(app, seed, log, e) ||
	       demo_add_quality(app, seed, log, e) ||
	       demo_add_payments(app, log, e) ? -1 : 0;
}
