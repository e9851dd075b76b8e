/*
 * profile_fit.h — the numerical pieces of training and validating the
 * profiling model that are not liblinear's: Platt calibration of the raw
 * scores on a held-out part, the track cut points that reproduce the
 * duration rule's shares, and the measures of the validation report
 * (AUC, Brier score, calibration by group).  Pure and deterministic.
 */
#ifndef PROFILE_FIT_H
#define PROFILE_FIT_H

#include <stddef.h>
#include <stdint.h>

/* Fit chance = 1 / (1 + exp(-(a·z + b))) to labels y (0/1) by Newton's
 * method on the log-loss, with Platt's smoothed targets.  -1 when the
 * labels are all one class. */
int profile_platt_fit(const double *z, const unsigned char *y, size_t n,
		      double *a, double *b);

/*
 * Isotonic calibration: the non-decreasing curve of chance against score
 * that fits labels y best (pool-adjacent-violators), on up to max_points
 * equal-count bins of the sorted scores; out gets each block's mean score
 * (strictly rising) and job rate.  *np < 2 (or -1) when there is no curve
 * to fit.
 */
int profile_isotonic_fit(const double *z, const unsigned char *y, size_t n,
			 int max_points, double *pz, double *pp, int *np);

/*
 * cut points t[0] > t[1] > t[2] on the chances such that the share of
 * people with chance >= t[0] is shares[0] (track 1), and so on — the
 * duration rule's shares of tracks 1 … 3 on the same data (track 4 takes
 * the rest).  chances is sorted in place.
 */
void profile_cut_points(double *chances, size_t n, const double shares[3],
			double t[3]);

/* The area under the ROC curve of scores for labels y (ties counted
 * half).  Sorts a copy; -1 when the labels are all one class. */
double profile_auc(const double *score, const unsigned char *y, size_t n);

/* Mean of (chance − y)². */
double profile_brier(const double *chance, const unsigned char *y, size_t n);

#endif
