/*
 * engine_impl.h — what the engine's files share and nothing else sees:
 * building lines and their explanations, the track on a day, and the
 * result and bonus computations of engine_result.c.
 */
#ifndef ENGINE_IMPL_H
#define ENGINE_IMPL_H

#include "core/engine.h"

/* Lines of a terse result carry no explanation: engine_explain() sees
 * this mark and writes nothing. */
#define TERSE_MARK '\x01'

int engine_too_many(struct kverr *e);
struct engine_line *engine_add_line(struct engine_result *out, month_t period,
				    month_t due, enum engine_component comp,
				    ore_t amount, const char *rule);

/* Append printf text to a line's explanation. */
void engine_explain(struct engine_line *l, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void engine_explain_money(struct engine_line *l, const char *what, ore_t v);

/* The track in force on d (0 when none yet). */
int engine_track_on(const struct engine_case *c, date_t d);

void engine_sort_lines(struct engine_result *out);
void engine_drop_zero_lines(struct engine_result *out);
void engine_clear_marks(struct engine_result *out);

/* engine_result.c: the result in installments with its supplements
 * (P-5 … P-11), and the municipal bonus (P-13). */
int engine_compute_result(const struct rulebook *rb, const struct engine_case *c,
			  month_t through, struct engine_result *out,
			  struct kverr *e);
int engine_compute_bonus(const struct rulebook *rb, const struct engine_case *c,
			 month_t through, struct engine_result *out,
			 struct kverr *e);

/* engine_course.c: adult education per point and at a pass (P-13). */
int engine_compute_courses(const struct rulebook *rb, const struct engine_case *c,
			   month_t through, struct engine_result *out,
			   struct kverr *e);

/* engine_cohort.c: a tendered training's job-rate bonus or deduction. */
int engine_compute_cohort(const struct rulebook *rb, const struct engine_case *c,
			  month_t through, struct engine_result *out,
			  struct kverr *e);

#endif
