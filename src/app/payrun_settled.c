/*
 * payrun_settled.c — what the ledger holds for a participation,
 * remembered between runs (table payrun_settled, migration 0008), so the
 * monthly run does not read two years of postings to learn that nothing
 * changed.
 *
 * After a preparation settles a participation, its keyed postings sum,
 * key by key, to the engine's lines due by the period (P-14: owed minus
 * paid was posted).  The digest of those lines — each key and amount, in
 * the engine's order — is stored with the period, and with the count and
 * the highest id of the participation's keyed postings.  The next run
 * computes the lines from the facts as always; if the ledger still has
 * that count and last id (it is append-only: nothing was posted for the
 * participation since, by anyone) and the lines due by the stored period
 * hash to the stored digest, they are what the ledger holds, so they owe
 * nothing more and every later line is new.  Anything else — a changed
 * fact, a retroactive rulebook value, a key that was clawed back, a
 * posting from elsewhere — makes a different digest, a different count or
 * no row, and the run reads the ledger and settles in full.
 */
#include "app/payrun.h"

#include <sodium.h>
#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------------ digest */

/* The lines go through a small buffer into the hash: one call per few
 * lines, not two per line. */
struct digester {
	crypto_generichash_state h;
	unsigned char buf[2048];
	size_t used;
};

static void dg_flush(struct digester *d)
{
	crypto_generichash_update(&d->h, d->buf, d->used);
	d->used = 0;
}

/* The key with its NUL, then the amount in 8 bytes: unambiguous. */
static void dg_line(struct digester *d, const struct engine_line *l)
{
	size_t n = strlen(l->key) + 1;
	uint64_t a = (uint64_t)l->amount;

	if (d->used + n + 8 > sizeof(d->buf))
		dg_flush(d);
	memcpy(d->buf + d->used, l->key, n);
	d->used += n;
	for (int b = 0; b < 8; b++)
		d->buf[d->used++] = (unsigned char)(a >> (8 * b));
}

static void dg_init(struct digester *d)
{
	static const char version[] = "kundval/settled/1";

	crypto_generichash_init(&d->h, NULL, 0, PAYRUN_DIGEST_BYTES);
	d->used = 0;
	memcpy(d->buf, version, sizeof(version));
	d->used = sizeof(version);
}

/* Finish a copy of the state, so the hash can go on with later lines. */
static void dg_hex(struct digester *d, char hex[PAYRUN_DIGEST_HEX])
{
	crypto_generichash_state h;
	unsigned char out[PAYRUN_DIGEST_BYTES];

	dg_flush(d);
	h = d->h;
	crypto_generichash_final(&h, out, sizeof(out));
	sodium_bin2hex(hex, PAYRUN_DIGEST_HEX, out, sizeof(out));
}

static void digest_one(const struct engine_result *owed, month_t through,
		       char hex[PAYRUN_DIGEST_HEX])
{
	struct digester d;

	dg_init(&d);
	for (int i = 0; i < owed->n; i++)
		if (owed->lines[i].due <= through)
			dg_line(&d, &owed->lines[i]);
	dg_hex(&d, hex);
}

/* Lines come ordered by due month (engine.h), so those due by `known`
 * are a prefix of those due by `through`: one pass gives both digests. */
void payrun_digests(const struct engine_result *owed, month_t known,
		    month_t through, char known_hex[PAYRUN_DIGEST_HEX],
		    char through_hex[PAYRUN_DIGEST_HEX])
{
	struct digester d;
	bool past = false, ordered = true;

	dg_init(&d);
	for (int i = 0; i < owed->n; i++) {
		const struct engine_line *l = &owed->lines[i];

		if (l->due > known && !past && known_hex) {
			dg_hex(&d, known_hex);
			past = true;
		}
		ordered = ordered && !(past && l->due <= known);
		if (l->due <= through)
			dg_line(&d, l);
	}
	if (known_hex && (!past || !ordered))
		digest_one(owed, known, known_hex);
	dg_hex(&d, through_hex);
}

/* ------------------------------------------------------------- keys */

/* FNV-1a: the keys are short and the table small. */
static uint32_t key_hash(const char *s)
{
	uint32_t h = 2166136261u;

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 16777619u;
	return h;
}

static int key_slot(const struct payrun_keyset *k, const char *key)
{
	uint32_t i = key_hash(key) & (PAYRUN_KEYSET - 1);

	while (k->slot[i] && strcmp(k->owed->lines[k->slot[i] - 1].key, key))
		i = (i + 1) & (PAYRUN_KEYSET - 1);
	return (int)i;
}

bool payrun_keyset_build(struct payrun_keyset *k,
			 const struct engine_result *owed, month_t through)
{
	bool unique = true;

	memset(k->slot, 0, sizeof(k->slot));
	k->owed = owed;
	for (int i = 0; i < owed->n; i++) {
		int s;

		if (owed->lines[i].due > through)
			continue;
		s = key_slot(k, owed->lines[i].key);
		if (k->slot[s])
			unique = false;
		else
			k->slot[s] = (uint16_t)(i + 1);
	}
	return unique;
}

bool payrun_keyset_has(const struct payrun_keyset *k, const char *key)
{
	return k->slot[key_slot(k, key)] != 0;
}

/* -------------------------------------------------------- the rows */

ptrdiff_t payrun_settled_add(struct payrun_settled_rows *r,
			     const struct payrun_part *p,
			     const char digest[PAYRUN_DIGEST_HEX],
			     struct kverr *e)
{
	if (r->n == r->cap) {
		size_t cap = r->cap ? r->cap * 2 : 1024;
		void *grown = realloc(r->p, cap * sizeof(*r->p));

		if (!grown)
			return kverr_set(e, KVERR_INTERNAL, "out_of_memory", NULL,
					 "Out of memory.");
		r->p = grown;
		r->cap = cap;
	}
	r->p[r->n].participation_id = p->id;
	r->p[r->n].postings = p->postings;
	r->p[r->n].last_posting = p->last_posting;
	memcpy(r->p[r->n].digest, digest, PAYRUN_DIGEST_HEX);
	return (ptrdiff_t)r->n++;
}

int payrun_settled_write(struct db_stmt *st,
			 const struct payrun_settled_rows *r, month_t through,
			 struct kverr *e)
{
	char m[MONTH_STRLEN];

	month_format(through, m);
	for (size_t i = 0; i < r->n; i++) {
		db_bind_int(st, 1, r->p[i].participation_id);
		db_bind_text(st, 2, m);
		db_bind_text(st, 3, r->p[i].digest);
		db_bind_int(st, 4, r->p[i].postings);
		db_bind_int(st, 5, r->p[i].last_posting);
		if (db_step(st, e) == DB_ERROR)
			return -1;
		db_reset(st);
	}
	return 0;
}
