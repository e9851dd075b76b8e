#!/usr/bin/python3
"""profiling_sklearn.py — the scikit-learn side of bench/profiling.sh.

Trains scikit-learn's LogisticRegression on the same `kundval generate`
history as `kundval model train`, with the same features, the same split
and the same choice of C, and prints its figures as `sklearn KEY VALUE`
lines for the script (bench/README.md, "Profiling benchmark"):

    /usr/bin/python3 bench/profiling_sklearn.py --train T.csv --holdout H.csv \
        [--jobs 1,2] [--compare KUNDVAL_MODEL.json]

Call Debian's /usr/bin/python3: that is where python3-sklearn lives.

Mirrors src/cli/cmd_model.c and cmd_model_fit.c step by step:

- features: profile_features() in src/core/profile.c — one-hot with the
  first level of each category as the reference, previous registrations
  "1" and "2+", occupation field 1 … 9 against 0, local unemployment in
  percentage points (bp / 100), duration bands 6-12, 12-24, 24+ against
  "under 6", and (with protected attributes, the default) gender=man,
  region=europe, region=outside_europe; in profile_feature_names order
  (--compare checks the weights come out alike);
- label: a job within 12 months (1 <= job_month <= 12);
- split by id: id % 10 == 0 is the calibration tenth, the rest is the
  training part, in five folds by (id // 10) % 5;
- C from the grid {0.01, 0.1, 1, 10} by the folds' mean held-out log-loss,
  then a fit on the whole training part with that C (LogisticRegressionCV
  with those folds, scoring="neg_log_loss", refit=True);
- isotonic calibration of the decision function on the calibration tenth.

The solver is "newton-cholesky", the one scikit-learn 1.2's documentation
recommends when there are far more rows than features, as here (one-hot
features); it was also the fastest measured (bench/README.md).  Each value
of --jobs is run and the fastest kept.  One difference the libraries
impose: liblinear penalises the intercept with the weights, scikit-learn
does not; with 900,000 rows it moves no figure printed.

What is timed (`train_s`): from the parsed columns in memory to the
calibrated model — building the feature matrix, the cross-validation, the
refit and the calibration.  Reading the CSV is timed apart (`read_s`) and
not counted: without pandas (not in Debian's python3-sklearn) it goes
through the csv module, which is not what anyone would benchmark.
kundval's time is taken the same way, without its reading of the CSV
(its `model: time:` line).
"""
import argparse
import csv
import json
import sys
import time
import warnings

import numpy as np
from sklearn.exceptions import ConvergenceWarning
from sklearn.isotonic import IsotonicRegression
from sklearn.linear_model import LogisticRegression, LogisticRegressionCV
from sklearn.metrics import roc_auc_score

AGE = ["16-24", "25-34", "35-44", "45-54", "55-64"]
GENDER = ["woman", "man"]
REGION = ["sweden", "europe", "outside_europe"]
EDUCATION = ["below_upper_secondary", "upper_secondary", "post_secondary"]
C_GRID = [0.01, 0.1, 1.0, 10.0]     # cmd_model.c's c_grid
FOLDS = 5                           # MODEL_FOLDS
HORIZON = 12


def read_history(path):
    """The columns of a `kundval generate` CSV, by name."""
    with open(path, newline="") as f:
        rows = csv.reader(f)
        header = next(rows)
        cols = list(zip(*rows))
    return {name: np.array(col) for name, col in zip(header, cols)}


def codes(col, levels):
    out = np.full(col.shape, -1, dtype=np.int64)
    for i, level in enumerate(levels):
        out[col == level] = i
    if (out < 0).any():
        sys.exit("profiling_sklearn: a value outside %s" % levels)
    return out


def features(cols, with_protected=True):
    """profile_features(), column by column, in profile_feature_names order."""
    age = codes(cols["age_band"], AGE)
    edu = codes(cols["education"], EDUCATION)
    prev = cols["previous_registrations"].astype(np.int64)
    field = cols["field"].astype(np.int64)
    months = cols["months_unemployed"].astype(np.int64)
    x = [age == k for k in range(1, 5)]
    x += [edu == k for k in range(1, 3)]
    x += [cols["disability"] == "1", cols["ui_member"] == "1"]
    x += [prev == 1, prev >= 2]
    x += [field == k for k in range(1, 10)]
    x += [cols["local_unemployment_bp"].astype(np.int64) / 100.0]
    x += [(months >= 6) & (months < 12), (months >= 12) & (months < 24),
          months >= 24]
    if with_protected:
        gender = codes(cols["gender"], GENDER)
        region = codes(cols["birth_region"], REGION)
        x += [gender == 1, region == 1, region == 2]
    return np.column_stack([np.asarray(c, dtype=np.float64) for c in x])


def label(cols):
    job = cols["job_month"].astype(np.int64)
    return ((job >= 1) & (job <= HORIZON)).astype(np.int64)


def train(cols, args):
    """The timed part: features, CV over the grid, refit, calibration."""
    x = features(cols, not args.without_protected)
    y = label(cols)
    ids = cols["id"].astype(np.int64)
    calib = ids % 10 == 0
    xt, yt, fold = x[~calib], y[~calib], (ids[~calib] // 10) % FOLDS
    if args.c:
        clf = LogisticRegression(C=args.c, solver=args.solver,
                                 tol=args.tol, max_iter=args.max_iter)
        clf.fit(xt, yt)
        c = args.c
    else:
        splits = [(np.flatnonzero(fold != k), np.flatnonzero(fold == k))
                  for k in range(FOLDS)]
        clf = LogisticRegressionCV(Cs=C_GRID, cv=splits, solver=args.solver,
                                   scoring="neg_log_loss", refit=True,
                                   tol=args.tol, max_iter=args.max_iter,
                                   n_jobs=args.jobs)
        clf.fit(xt, yt)
        c = float(clf.C_[0])
    iso = IsotonicRegression(out_of_bounds="clip", y_min=0.0, y_max=1.0)
    iso.fit(clf.decision_function(x[calib]), y[calib])
    return clf, iso, c


def timed_train(cols, args, jobs):
    """train() with n_jobs=jobs: (seconds, clf, iso, c, converged)."""
    args.jobs = jobs
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", ConvergenceWarning)
        t = time.perf_counter()
        clf, iso, c = train(cols, args)
        t = time.perf_counter() - t
    converged = not any(issubclass(w.category, ConvergenceWarning)
                        for w in caught)
    return t, clf, iso, c, converged


def kundval_weights(path):
    """A kundval model file's weights and intercept, to compare."""
    with open(path) as f:
        m = json.load(f)
    return np.array(m["weights"] + [m["intercept"]]), m["regularisation_c"]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--train", required=True)
    ap.add_argument("--holdout", required=True)
    ap.add_argument("--without-protected", action="store_true")
    ap.add_argument("--c", type=float, help="one fit with this C, no CV")
    ap.add_argument("--solver", default="newton-cholesky")
    ap.add_argument("--tol", type=float, default=1e-4)
    ap.add_argument("--max-iter", type=int, default=100)
    ap.add_argument("--jobs", default="1",
                    help="n_jobs values to try, comma-separated; the fastest"
                    " is reported (e.g. 1,2)")
    ap.add_argument("--compare", help="a kundval model file: print the"
                    " largest difference between its weights and these")
    args = ap.parse_args()

    t0 = time.perf_counter()
    cols = read_history(args.train)
    read_s = time.perf_counter() - t0
    # Every n_jobs asked for is run; scikit-learn gets the fastest.
    runs = []
    for jobs in [int(j) for j in args.jobs.split(",")]:
        runs.append(timed_train(cols, args, jobs) + (jobs,))
        print("sklearn run n_jobs=%d: %.3f s" % (jobs, runs[-1][0]),
              flush=True)
    train_s, clf, iso, c, converged, jobs = min(runs, key=lambda r: r[0])

    hold = read_history(args.holdout)
    xh, yh = features(hold, not args.without_protected), label(hold)
    # The calibrated chance of every holdout row, in one vectorised call
    # on the ready feature matrix (median of five).
    times = []
    for _ in range(5):
        t = time.perf_counter()
        chance = iso.predict(clf.decision_function(xh))
        times.append(time.perf_counter() - t)
    score_s = sorted(times)[2]
    raw = clf.decision_function(xh)

    print("sklearn rows %d" % len(cols["id"]))
    print("sklearn solver %s" % args.solver)
    print("sklearn n_jobs %d" % jobs)
    print("sklearn read_s %.3f" % read_s)
    print("sklearn train_s %.3f" % train_s)
    print("sklearn c %g" % c)
    print("sklearn converged %s" % ("yes" if converged else "no"))
    print("sklearn auc %.6f" % roc_auc_score(yh, chance))
    print("sklearn auc_raw %.6f" % roc_auc_score(yh, raw))
    print("sklearn score_rate %.0f" % (len(yh) / score_s))
    ours = np.append(clf.coef_[0], clf.intercept_[0])
    print("sklearn weights %s" % " ".join("%.6g" % w for w in ours))
    if args.compare:
        theirs, their_c = kundval_weights(args.compare)
        print("sklearn max_weight_diff %.6f (kundval C %g)"
              % (np.max(np.abs(ours - theirs)), their_c))
        # kundval's raw score on these features: the same AUC as its own
        # if the features are mirrored exactly.
        print("sklearn kundval_auc_raw %.6f"
              % roc_auc_score(yh, xh @ theirs[:-1] + theirs[-1]))


if __name__ == "__main__":
    main()
