/*
 * providers.c — provider registration, profile and subcontractors (see
 * providers.h).  Organisation numbers are validated with the reason given
 * (core/idnum) and never echoed in messages.
 */
#include "app/providers.h"
#include "app/auth.h"
#include "app/input.h"
#include "core/idnum.h"
#include "core/limits.h"
#include "core/municipality.h"

#include <stdio.h>
#include <string.h>

static int parse_orgnr(const json_t *in, const char *key, struct idnum *id,
		       struct kverr *e)
{
	const char *s;
	enum idnum_reason why;

	if (in_string(in, key, true, 20, &s, e))
		return -1;
	why = idnum_parse_org(s, id);
	if (why != IDNUM_OK)
		return kverr_set(e, KVERR_INVALID, idnum_reason_code(why), key,
				 "The organisation number is not valid: %s",
				 idnum_reason_text(why));
	return 0;
}

static bool email_ok(const char *s)
{
	const char *at = strchr(s, '@');

	return at && at != s && strchr(at, '.') && !strchr(s, ' ') &&
	       strchr(at + 1, '@') == NULL;
}

int app_provider_register(struct app_ctx *cx, json_t *in, json_t **out,
			  struct kverr *e)
{
	static const char *const keys[] = { "orgnr", "name", "kind", "email",
					    "phone", "user", NULL };
	static const char *const kinds[] = { "company", "association",
					     "own_operation", NULL };
	static const char *const user_keys[] = { "username", "display_name",
						 "password", "lang", NULL };
	const char *name, *email, *phone;
	struct idnum org;
	int kind = 0;
	int64_t id, user_id, n;
	json_t *user = json_object_get(in, "user");

	if (in_object(in, keys, e) || parse_orgnr(in, "orgnr", &org, e) ||
	    in_string(in, "name", true, LIMIT_NAME, &name, e) ||
	    in_enum(in, "kind", true, kinds, &kind, e) ||
	    in_string(in, "email", true, LIMIT_EMAIL, &email, e) ||
	    in_string(in, "phone", false, 40, &phone, e))
		return -1;
	if (!email_ok(email))
		return kverr_set(e, KVERR_INVALID, "bad_email", "email",
				 "The e-mail address is not valid.");
	if (!user)
		return kverr_set(e, KVERR_BAD_REQUEST, "missing_field", "user",
				 "The field \"user\" (the first staff account) is"
				 " required.");
	if (db_query_int(cx->db, "SELECT count(*) FROM providers WHERE orgnr = ?",
			 "s", &n, e, org.canonical) < 0)
		return -1;
	if (n > 0)
		return kverr_set(e, KVERR_CONFLICT, "exists", "orgnr",
				 "A provider with this organisation number is"
				 " already registered.");
	if (db_query_int(cx->db, "INSERT INTO providers(orgnr, name, kind, email,"
			 " phone, created_at) VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
			 "sssssi", &id, e, org.canonical, name, kinds[kind], email,
			 phone ? phone : "", cx->now) != 0)
		return -1;
	if (in_object(user, user_keys, e) ||
	    auth_insert_user(cx, user, "provider_staff", id, &user_id, e)) {
		kverr_prefix_field(e, "user");
		return -1;
	}
	if (app_audit(cx, "provider.register", "provider", id, NULL, e))
		return -1;
	*out = json_pack("{s:I, s:s, s:s, s:I}", "id", (json_int_t)id, "name",
			 name, "kind", kinds[kind], "user_id", (json_int_t)user_id);
	return 0;
}

static int check_locations(struct app_ctx *cx, json_t *list, struct kverr *e)
{
	static const char *const keys[] = { "address", "municipality",
					    "accessible", NULL };
	size_t i;
	json_t *loc;

	json_array_foreach(list, i, loc) {
		const char *addr, *muni;
		bool accessible = false;
		int64_t n = 0;
		char prefix[32];

		snprintf(prefix, sizeof(prefix), "locations[%zu]", i);
		if (in_object(loc, keys, e) ||
		    in_string(loc, "address", true, LIMIT_NAME, &addr, e) ||
		    in_string(loc, "municipality", true, 4, &muni, e) ||
		    in_bool(loc, "accessible", true, &accessible, e) ||
		    db_query_int(cx->db, "SELECT count(*) FROM municipalities"
				 " WHERE code = ?", "s", &n, e, muni) < 0) {
			kverr_prefix_field(e, prefix);
			return -1;
		}
		if (n == 0) {
			kverr_set(e, KVERR_INVALID, "unknown_municipality",
				  "municipality", "No municipality has that code.");
			kverr_prefix_field(e, prefix);
			return -1;
		}
	}
	return 0;
}

/* Languages are ISO 639 codes: two or three lower-case letters. */
static int check_strings(json_t *list, const char *key, size_t max,
			 bool lang, struct kverr *e)
{
	size_t i;
	json_t *v;

	json_array_foreach(list, i, v) {
		const char *s = json_string_value(v);
		size_t len = s ? strlen(s) : 0;
		char field[40];

		snprintf(field, sizeof(field), "%s[%zu]", key, i);
		if (!s)
			return kverr_set(e, KVERR_BAD_REQUEST, "wrong_type", field,
					 "Each item must be text.");
		if (len == 0 || len > max)
			return kverr_set(e, KVERR_INVALID, "bad_length", field,
					 "Each item must be 1 to %zu bytes.", max);
		for (size_t k = 0; lang && k < len; k++)
			if (s[k] < 'a' || s[k] > 'z' || len > 3 || len < 2)
				return kverr_set(e, KVERR_INVALID, "bad_language",
						 field, "Use a two- or three-letter"
						 " ISO 639 language code, such as"
						 " \"sv\" or \"ar\".");
	}
	return 0;
}

static int store_profile_lists(struct app_ctx *cx, int64_t id, json_t *services,
			       json_t *langs, json_t *locs, struct kverr *e)
{
	size_t i;
	json_t *v;

	if (db_run(cx->db, "DELETE FROM provider_services WHERE provider_id = ?",
		   "i", e, id) ||
	    db_run(cx->db, "DELETE FROM provider_languages WHERE provider_id = ?",
		   "i", e, id) ||
	    db_run(cx->db, "DELETE FROM provider_locations WHERE provider_id = ?",
		   "i", e, id))
		return -1;
	json_array_foreach(services, i, v)
		if (db_run(cx->db, "INSERT INTO provider_services(provider_id,"
			   " position, text) VALUES (?, ?, ?)", "iis", e, id,
			   (int64_t)i, json_string_value(v)))
			return -1;
	json_array_foreach(langs, i, v)
		if (db_run(cx->db, "INSERT INTO provider_languages(provider_id, lang)"
			   " VALUES (?, ?) ON CONFLICT DO NOTHING", "is", e, id,
			   json_string_value(v)))
			return -1;
	json_array_foreach(locs, i, v)
		if (db_run(cx->db, "INSERT INTO provider_locations(provider_id,"
			   " address, municipality_code, accessible) VALUES"
			   " (?, ?, ?, ?)", "issi", e, id,
			   json_string_value(json_object_get(v, "address")),
			   json_string_value(json_object_get(v, "municipality")),
			   (int64_t)json_is_true(json_object_get(v, "accessible"))))
			return -1;
	return 0;
}

int app_provider_profile_set(struct app_ctx *cx, json_t *in, json_t **out,
			     struct kverr *e)
{
	static const char *const keys[] = { "provider_id", "description",
					    "services", "languages", "locations",
					    "digital_delivery", NULL };
	int64_t id = 0;
	const char *desc;
	bool digital = false;
	json_t *services, *langs, *locs;

	if (app_require(cx, ROLE_PROVIDER_STAFF | ROLE_ADMIN, e) ||
	    in_object(in, keys, e) ||
	    in_int(in, "provider_id", true, 1, INT64_MAX, &id, e) ||
	    app_require_provider(cx, id, e) ||
	    in_string(in, "description", true, LIMIT_TEXT, &desc, e) ||
	    in_array(in, "services", true, LIMIT_SERVICES, &services, e) ||
	    in_array(in, "languages", true, LIMIT_LANGUAGES, &langs, e) ||
	    in_array(in, "locations", false, LIMIT_LOCATIONS, &locs, e) ||
	    in_bool(in, "digital_delivery", true, &digital, e) ||
	    check_strings(services, "services", LIMIT_NAME, false, e) ||
	    check_strings(langs, "languages", 3, true, e) ||
	    check_locations(cx, locs, e))
		return -1;
	/* D-4: presence in the area, physically or digitally. */
	if (!digital && json_array_size(locs) == 0)
		return kverr_set(e, KVERR_INVALID, "no_delivery", "locations",
				 "Give at least one location, or offer digital"
				 " delivery.");
	if (db_run(cx->db, "UPDATE providers SET description = ?,"
		   " digital_delivery = ? WHERE id = ?", "sii", e, desc,
		   (int64_t)digital, id) ||
	    db_changes(cx->db) == 0)
		return e->cls ? -1 : kverr_set(e, KVERR_NOT_FOUND, "not_found",
					       "provider_id", "No such provider.");
	if (store_profile_lists(cx, id, services, langs, locs, e) ||
	    app_audit(cx, "provider.profile", "provider", id, in, e))
		return -1;
	json_t *q = json_pack("{s:I}", "provider_id", (json_int_t)id);
	int rc = app_provider_get(cx, q, out, e);

	json_decref(q);
	return rc;
}

/* Flatten [{"text": "x"}, …] into ["x", …] for a friendlier API. */
static void flatten(json_t *row, const char *key, const char *field)
{
	json_t *list = json_object_get(row, key), *flat = json_array(), *v;
	size_t i;

	json_array_foreach(list, i, v)
		json_array_append(flat, json_object_get(v, field));
	json_object_set_new(row, key, flat);
}

int providers_add_profile(struct app_ctx *cx, json_t *row, struct kverr *e)
{
	int64_t id = json_integer_value(json_object_get(row, "id"));
	json_t *p, *services, *langs, *locs;

	p = db_query_one(cx->db, "provider", "SELECT description, digital_delivery"
			 " AS bool_digital_delivery FROM providers WHERE id = ?",
			 "i", e, id);
	services = db_query_json(cx->db, "SELECT text FROM provider_services"
				 " WHERE provider_id = ? ORDER BY position", "i", e, id);
	langs = db_query_json(cx->db, "SELECT lang FROM provider_languages"
			      " WHERE provider_id = ? ORDER BY lang", "i", e, id);
	locs = db_query_json(cx->db, "SELECT l.address, l.municipality_code AS"
			     " municipality, m.name AS municipality_name,"
			     " l.accessible AS bool_accessible FROM provider_locations"
			     " l JOIN municipalities m ON m.code = l.municipality_code"
			     " WHERE provider_id = ? ORDER BY l.id", "i", e, id);
	if (!p || !services || !langs || !locs) {
		json_decref(p); json_decref(services);
		json_decref(langs); json_decref(locs);
		return -1;
	}
	json_object_set(row, "description", json_object_get(p, "description"));
	json_object_set(row, "digital_delivery",
			json_object_get(p, "digital_delivery"));
	json_object_set_new(row, "services", services);
	json_object_set_new(row, "languages", langs);
	json_object_set_new(row, "locations", locs);
	flatten(row, "services", "text");
	flatten(row, "languages", "lang");
	json_decref(p);
	return 0;
}

int app_provider_get(struct app_ctx *cx, json_t *in, json_t **out,
		     struct kverr *e)
{
	static const char *const keys[] = { "provider_id", NULL };
	int64_t id = 0;
	json_t *p, *subs, *adms;

	if (app_require(cx, ROLE_ANY_USER, e) || in_object(in, keys, e) ||
	    in_int(in, "provider_id", true, 1, INT64_MAX, &id, e) ||
	    app_require_provider(cx, id, e))
		return -1;
	p = db_query_one(cx->db, "provider", "SELECT id, orgnr, name, kind, email,"
			 " phone, bankgiro, bank_clearing, bank_account,"
			 " created_at FROM providers WHERE id = ?", "i", e, id);
	if (!p)
		return -1;
	subs = db_query_json(cx->db, "SELECT id, orgnr, name, services FROM"
			     " subcontractors WHERE provider_id = ? ORDER BY id",
			     "i", e, id);
	adms = db_query_json(cx->db, "SELECT a.id, a.area_id, d.name AS area_name,"
			     " d.programme_id, a.admitted_on, a.ended_on FROM"
			     " admissions a JOIN delivery_areas d ON d.id = a.area_id"
			     " WHERE a.provider_id = ? ORDER BY a.id", "i", e, id);
	if (!subs || !adms || providers_add_profile(cx, p, e)) {
		json_decref(p); json_decref(subs); json_decref(adms);
		return -1;
	}
	json_object_set_new(p, "subcontractors", subs);
	json_object_set_new(p, "admissions", adms);
	*out = p;
	return 0;
}

int app_providers_list(struct app_ctx *cx, json_t *in, json_t **out,
		       struct kverr *e)
{
	(void)in;
	if (app_require(cx, ROLE_AUTHORITY, e))
		return -1;
	*out = db_query_json(cx->db, "SELECT p.id, p.orgnr, p.name, p.kind,"
			     " (SELECT count(*) FROM admissions a WHERE"
			     " a.provider_id = p.id AND a.ended_on IS NULL)"
			     " AS active_admissions FROM providers p ORDER BY p.name",
			     "", e);
	return *out ? 0 : -1;
}

int app_subcontractor_add(struct app_ctx *cx, json_t *in, json_t **out,
			  struct kverr *e)
{
	static const char *const keys[] = { "provider_id", "orgnr", "name",
					    "services", NULL };
	int64_t pid = 0, id;
	const char *name, *services;
	struct idnum org;

	if (app_require(cx, ROLE_PROVIDER_STAFF | ROLE_ADMIN, e) ||
	    in_object(in, keys, e) ||
	    in_int(in, "provider_id", true, 1, INT64_MAX, &pid, e) ||
	    app_require_provider(cx, pid, e) ||
	    parse_orgnr(in, "orgnr", &org, e) ||
	    in_string(in, "name", true, LIMIT_NAME, &name, e) ||
	    in_string(in, "services", false, LIMIT_TEXT, &services, e))
		return -1;
	if (db_query_int(cx->db, "SELECT id FROM providers WHERE id = ?", "i",
			 &id, e, pid) != 0)
		return e->cls == KVERR_INTERNAL ? -1 :
			kverr_set(e, KVERR_NOT_FOUND, "not_found", "provider_id",
				  "No such provider.");
	if (db_query_int(cx->db, "INSERT INTO subcontractors(provider_id, orgnr,"
			 " name, services, created_at) VALUES (?, ?, ?, ?, ?)"
			 " RETURNING id", "isssi", &id, e, pid, org.canonical, name,
			 services ? services : "", cx->now) != 0) {
		if (e->cls == KVERR_CONFLICT)
			kverr_set(e, KVERR_CONFLICT, "exists", "orgnr",
				  "This subcontractor is already listed.");
		return -1;
	}
	if (app_audit(cx, "subcontractor.add", "subcontractor", id, NULL, e))
		return -1;
	*out = json_pack("{s:I, s:I, s:s, s:s}", "id", (json_int_t)id,
			 "provider_id", (json_int_t)pid, "name", name,
			 "services", services ? services : "");
	return 0;
}
