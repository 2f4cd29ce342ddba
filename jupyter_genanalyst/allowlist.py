"""The reviewed list of read-only analysis APIs that generated code may use unflagged.

Why a list of what is allowed rather than of what is forbidden: probes found 48 of 128
obfuscated snippets slipping past a blocklist (``pydoc.locate``, ``functools.partial``,
``df.eval('@…')``…). Anything not written down here needs a human's acknowledgement.

Each entry was reviewed for: no file or network I/O, no process or shell, no code from
strings, no deserialisation. ``ALL`` marks a module reviewed as compute-only as a whole
(every public, non-underscore name); its ``EXCEPT`` set names what was found to do I/O.
Attributes of *values* (frames, arrays, models, figures) are allowed by name in
:data:`SAFE_ATTRS`; ``to_*`` writers, ``tofile``, ``save*``, ``dump*``, ``write*`` and
``read*`` are deliberately absent.
"""

from __future__ import annotations

ALL = "*"


def _n(text: str) -> frozenset[str]:
    return frozenset(text.split())


SAFE_BUILTINS = _n(
    "abs all any bool callable chr complex dict divmod enumerate filter float format "
    "frozenset hash hex int isinstance issubclass iter len list map max min next oct ord pow "
    "print range repr reversed round set slice sorted str sum tuple zip display True False "
    "None object Ellipsis NotImplemented ValueError TypeError KeyError IndexError "
    "ZeroDivisionError Exception ArithmeticError LookupError RuntimeError StopIteration Warning"
)

PANDAS = _n(
    "DataFrame Series Index MultiIndex RangeIndex DatetimeIndex PeriodIndex TimedeltaIndex "
    "CategoricalIndex IntervalIndex Categorical CategoricalDtype Timestamp Timedelta Period "
    "Interval DateOffset NA NaT Grouper NamedAgg IndexSlice Float64Dtype Int64Dtype "
    "StringDtype BooleanDtype concat merge merge_asof merge_ordered crosstab pivot pivot_table "
    "melt wide_to_long get_dummies from_dummies cut qcut factorize unique value_counts "
    "to_datetime to_numeric to_timedelta date_range bdate_range period_range timedelta_range "
    "interval_range infer_freq isna isnull notna notnull array set_option get_option "
    "reset_option option_context describe_option options offsets api tseries"
)
NUMPY = _n(
    "array asarray arange linspace logspace zeros ones full empty zeros_like ones_like "
    "full_like empty_like eye identity diag tril triu meshgrid concatenate stack vstack "
    "hstack column_stack dstack split array_split reshape ravel transpose squeeze "
    "expand_dims flip where select piecewise clip abs absolute sign sqrt square exp expm1 "
    "log log1p log2 log10 power sin cos tan arcsin arccos arctan arctan2 sinh cosh tanh "
    "floor ceil round around rint trunc fix mod fmod remainder divide multiply add subtract "
    "negative reciprocal maximum minimum fmax fmin sum nansum prod nanprod cumsum nancumsum "
    "cumprod mean nanmean median nanmedian average std nanstd var nanvar min max nanmin "
    "nanmax amin amax ptp percentile nanpercentile quantile nanquantile argmin argmax "
    "nanargmin nanargmax argsort sort lexsort argwhere nonzero count_nonzero unique "
    "searchsorted digitize histogram histogram2d histogramdd bincount corrcoef cov correlate "
    "convolve diff ediff1d gradient cross dot vdot inner outer matmul tensordot einsum "
    "isnan isinf isfinite isclose allclose array_equal nan_to_num isin in1d intersect1d "
    "union1d setdiff1d setxor1d polyfit polyval poly1d roots interp trapezoid trapz all any "
    "logical_and logical_or logical_not logical_xor greater greater_equal less less_equal "
    "equal not_equal repeat tile roll take put_along_axis take_along_axis full_like "
    "datetime64 timedelta64 datetime_as_string busday_count size shape ndim float64 float32 "
    "int64 int32 int8 int16 uint8 bool_ str_ object_ nan inf pi e newaxis dtype finfo iinfo "
    "random linalg fft vectorize frompyfunc apply_along_axis errstate cumulative_sum "
    "isscalar atleast_1d atleast_2d broadcast_to sinc hypot deg2rad rad2deg degrees radians "
    "floor_divide true_divide exp2 cbrt heaviside signbit copysign nextafter spacing "
    "float16 longdouble float128 complex128 integer floating number generic c_ r_ "
    "unravel_index ravel_multi_index indices flatnonzero ix_ nditer ndenumerate"
)
SKLEARN_SUBMODULES = _n(
    "linear_model ensemble tree cluster decomposition preprocessing model_selection metrics "
    "impute neighbors svm naive_bayes inspection feature_selection manifold mixture "
    "covariance kernel_ridge calibration dummy isotonic compose pipeline "
    "discriminant_analysis gaussian_process cross_decomposition semi_supervised "
    "neural_network random_projection multiclass multioutput datasets"
)
SCIPY_SUBMODULES = _n(
    "stats special signal interpolate linalg optimize spatial cluster fft integrate ndimage"
)
GA_FACTS = _n(
    "augmentation correlation_table dated_anomalies describe diagnose driver_table granularity "
    "hypotheses iso missingness_table period_index period_label predict prescribe "
    "semantic_types stats synthesize"
)
GA_STATS = _n(
    "as_float pooled spearman kruskal cramers_v rank_biserial bh linear_trend robust_z "
    "change_point step_beats_line neighbour_median"
)

# module path -> allowed names (a set) or ALL, with reviewed exceptions in MODULE_EXCEPT.
MODULES: dict[str, frozenset[str] | str] = {
    "pandas": PANDAS,
    "pandas.api": _n("types"),
    "pandas.api.types": ALL,
    "pandas.tseries": _n("offsets"),
    "pandas.tseries.offsets": ALL,
    "numpy": NUMPY,
    "numpy.random": ALL,
    "numpy.linalg": ALL,
    "numpy.fft": ALL,
    "scipy": SCIPY_SUBMODULES,
    "statsmodels": _n("api formula tsa stats"),
    "statsmodels.api": ALL,
    "statsmodels.formula": _n("api"),
    "statsmodels.formula.api": ALL,
    "statsmodels.tsa": ALL,
    "statsmodels.stats": ALL,
    "sklearn": SKLEARN_SUBMODULES,
    "plotly": _n("express graph_objects graph_objs subplots figure_factory colors"),
    "plotly.express": ALL,
    "plotly.graph_objects": ALL,
    "plotly.graph_objs": ALL,
    "plotly.subplots": ALL,
    "plotly.figure_factory": ALL,
    "plotly.colors": ALL,
    "math": ALL,
    "cmath": ALL,
    "statistics": ALL,
    "datetime": ALL,
    "decimal": _n("Decimal"),
    "fractions": _n("Fraction"),
    "itertools": ALL,
    "collections": _n("Counter defaultdict OrderedDict namedtuple deque"),
    "re": _n("compile search match fullmatch findall finditer sub subn split escape IGNORECASE"),
    "string": _n("ascii_letters ascii_lowercase ascii_uppercase digits punctuation"),
    "textwrap": _n("shorten wrap fill dedent indent"),
    "random": ALL,
    "json": _n("dumps loads"),
    "warnings": _n("filterwarnings simplefilter catch_warnings"),
    "matplotlib": _n("pyplot"),
    "matplotlib.pyplot": _n(
        "figure subplots plot bar barh hist scatter boxplot pie title xlabel ylabel xlim ylim "
        "legend grid tight_layout show axhline axvline xticks yticks suptitle subplot"
    ),
    "seaborn": ALL,
    "jupyter_genanalyst": _n("facts"),
    "jupyter_genanalyst.facts": GA_FACTS,
    "jupyter_genanalyst.facts.stats": GA_STATS,
    "jupyter_genanalyst.facts.hypotheses": _n("check"),  # re-runs one test; reads the frame
    "IPython": _n("display"),
    "IPython.display": _n("display"),
}
for _sub in SCIPY_SUBMODULES:
    MODULES[f"scipy.{_sub}"] = ALL
for _sub in SKLEARN_SUBMODULES:
    MODULES[f"sklearn.{_sub}"] = ALL
for _sub in _n("stats mstats"):
    MODULES[f"scipy.stats.{_sub}"] = ALL
MODULES["scipy.cluster.hierarchy"] = ALL
MODULES["scipy.cluster.vq"] = ALL
# statsmodels.tsa.* and statsmodels.stats.* are compute-only families: any submodule.
MODULE_FAMILIES = ("statsmodels.tsa.", "statsmodels.stats.")

# Names inside ALL modules that were found to do I/O or load code.
MODULE_EXCEPT: dict[str, frozenset[str]] = {
    "statsmodels.api": _n("load load_pickle datasets iolib webdoc test show_versions"),
    "sklearn.tree": _n("export_graphviz"),
    "sklearn.datasets": _n(
        "fetch_20newsgroups fetch_20newsgroups_vectorized fetch_california_housing "
        "fetch_covtype fetch_kddcup99 fetch_lfw_pairs fetch_lfw_people fetch_olivetti_faces "
        "fetch_openml fetch_rcv1 fetch_species_distributions fetch_file load_svmlight_file "
        "load_svmlight_files dump_svmlight_file load_files get_data_home clear_data_home "
        "load_sample_image load_sample_images"
    ),
    "random": _n("seed"),  # harmless, but reseeding global state is no analysis
    "numpy.random": _n("seed set_state get_state"),
    "scipy.stats": _n("stats"),
    "seaborn": _n("load_dataset get_dataset_names get_data_home"),  # fetch from the web
}

# Attributes of values (frames, series, arrays, fitted models, results, figures, strings).
SAFE_ATTRS = _n(
    # pandas frame / series / index
    "head tail describe info shape columns index dtypes dtype values size ndim empty T "
    "transpose copy astype loc iloc at iat groupby agg aggregate apply transform mean median "
    "mode sum prod product min max std var sem skew kurt kurtosis count nunique unique "
    "value_counts quantile cumsum cumprod cummax cummin diff pct_change shift rolling "
    "expanding ewm resample corr cov corrwith rank round abs clip isna isnull notna notnull "
    "fillna dropna ffill bfill interpolate replace where mask sort_values sort_index "
    "nlargest nsmallest idxmax idxmin argmax argmin reset_index set_index rename rename_axis "
    "drop drop_duplicates duplicated merge join pivot pivot_table melt stack unstack explode "
    "assign filter select_dtypes sample between isin str dt cat plot hist boxplot style "
    "items iterrows itertuples keys get pipe map first last first_valid_index "
    "last_valid_index align combine_first set_axis squeeze to_numpy to_list tolist to_dict "
    "to_frame to_period to_timestamp to_series to_pydatetime to_flat_index nbytes "
    "memory_usage equals any all add sub mul div truediv floordiv mod pow radd rsub rmul "
    "rdiv eq ne lt le gt ge dot size ngroups groups indices get_group nth cumcount ngroup "
    "ohlc name names levels codes categories ordered get_level_values droplevel swaplevel "
    "reorder_levels xs asfreq tz_localize tz_convert reindex reindex_like truncate "
    "searchsorted factorize is_unique is_monotonic_increasing is_monotonic_decreasing "
    "hasnans array at_time between_time insert pop update combine nsmallest query eval format "
    "infer_objects convert_dtypes describe agg select_dtypes iteritems add_prefix "
    "add_suffix value_counts sort_values ravel item weekday is_integer as_integer_ratio isoformat "
    # datetime / str / cat accessors
    "year month day hour minute second microsecond dayofweek day_of_week dayofyear "
    "day_of_year quarter week isocalendar date time normalize floor ceil strftime "
    "total_seconds days seconds components day_name month_name is_month_end "
    "is_month_start is_quarter_end is_year_end days_in_month freq tz "
    "lower upper strip lstrip rstrip contains startswith endswith len split rsplit extract "
    "extractall findall match fullmatch slice get_dummies pad zfill title capitalize find "
    "rfind isnumeric isdigit isalpha isspace casefold wrap join partition center ljust "
    "rjust splitlines swapcase removeprefix removesuffix "
    "add_categories remove_categories rename_categories set_categories reorder_categories "
    "as_ordered as_unordered remove_unused_categories "
    # numpy arrays and generators
    "reshape flatten nonzero argsort sort trace conj real imag cumsum std var "
    "normal integers choice random uniform poisson binomial exponential permutation "
    "shuffle standard_normal lognormal gamma beta multivariate_normal "
    # dict / list
    "append extend setdefault"
    # sklearn estimators and results
    " fit predict predict_proba predict_log_proba decision_function fit_transform "
    "fit_predict inverse_transform score score_samples get_params set_params coef_ "
    "intercept_ feature_importances_ classes_ n_features_in_ feature_names_in_ labels_ "
    "cluster_centers_ inertia_ explained_variance_ratio_ explained_variance_ components_ "
    "n_components_ best_params_ best_score_ best_estimator_ cv_results_ named_steps steps "
    "importances_mean importances_std importances get_feature_names_out set_output n_iter_ "
    "mean_ scale_ var_ categories_ support_ estimators_ oob_score_ alpha_ alphas_ "
    "n_clusters split get_n_splits most_common today now top "
    # scipy.stats distributions; pandas plot accessor kinds; Styler display helpers
    "ppf cdf pdf sf isf rvs logpdf logcdf interval pmf "
    "scatter box line area kde density pie hexbin barh bar "
    "highlight_max highlight_min highlight_null background_gradient hide set_caption "
    "format_index trend seasonal by_id labels parents ids evidence "
    # statsmodels / scipy results
    "params pvalues bse tvalues conf_int rsquared rsquared_adj summary summary2 "
    "fittedvalues resid forecast get_forecast get_prediction aic bic nobs llf f_pvalue "
    "fvalue summary_frame predicted_mean tables statistic pvalue confidence_interval df "
    "slope intercept rvalue stderr intercept_stderr correlation "
    # plotly figures (layout and traces; no write_* / to_image / to_json)
    "update_layout update_traces update_xaxes update_yaxes add_trace add_traces add_hline "
    "add_vline add_hrect add_vrect add_annotation add_shape add_scatter add_bar show layout "
    "data for_each_trace select_traces update_annotations to_plotly_json title text x y z "
    "x0 y0 x1 y1 xaxis yaxis annotations shapes type mode marker line legend template "
    "orientation font color opacity showlegend height width dx dy xbins ybins nbinsx nbinsy "
    "histfunc histnorm hole domain colorscale customdata hovertext offsetgroup base start end "
    "range tickformat tickprefix ticksuffix categoryarray tickvals ticktext "
    # matplotlib axes from df.plot (no savefig)
    "set_title set_xlabel set_ylabel set_xlim set_ylim legend grid axhline axvline "
    "bar_label tick_params set_xticklabels get_figure "
    # pandas options display
    "display max_rows max_columns precision float_format"
)

# Methods that look another method up by a string argument (``df.agg('sum')``): their
# string arguments must themselves be on SAFE_ATTRS (``df.apply('to_csv', …)`` writes).
DISPATCH_METHODS = _n("apply agg aggregate transform pipe")

# Kernel names never trusted as frame variables, whatever the caller passes.
UNTRUSTED_VARIABLES = _n(
    "get_ipython In Out exit quit open eval exec compile getattr setattr delattr globals "
    "locals vars input breakpoint help Path requests httpx urllib3 boto3 paramiko"
)
# Common aliases resolved to modules when the kernel already imported them.
CONVENTIONAL_ALIASES: dict[str, str] = {
    "pd": "pandas",
    "np": "numpy",
    "px": "plotly.express",
    "go": "plotly.graph_objects",
    "sm": "statsmodels.api",
    "smf": "statsmodels.formula.api",
    "stats": "scipy.stats",
    "ga": "jupyter_genanalyst.facts",
}

# Why well-known names are not on the list: a clearer message than "not reviewed".
REASONS: dict[str, str] = {
    **dict.fromkeys(
        _n(
            "open io.open io.FileIO codecs.open gzip.open bz2.open lzma.open tarfile.open "
            "zipfile.ZipFile numpy.memmap numpy.save numpy.savez numpy.savez_compressed "
            "numpy.savetxt numpy.fromfile numpy.load numpy.loadtxt numpy.genfromtxt tofile "
            "savefig write_html write_image write_json dump dumps"
        ),
        "reads or writes files",
    ),
    **dict.fromkeys(
        _n(
            "eval exec compile __import__ pandas.eval timeit cProfile profile code codeop "
            "runpy importlib pydoc pkgutil"
        ),
        "turns strings into code",
    ),
    **dict.fromkeys(
        _n("getattr setattr delattr globals locals vars operator functools"),
        "reaches attributes or callables dynamically",
    ),
    **dict.fromkeys(
        _n(
            "os posix subprocess pty shutil asyncio multiprocessing signal ctypes cffi sys builtins"
        ),
        "reaches the operating system",
    ),
    **dict.fromkeys(
        _n("socket requests urllib urllib3 httpx http ftplib smtplib webbrowser aiohttp pandas.io"),
        "reaches the network",
    ),
    **dict.fromkeys(
        _n("pickle cPickle dill cloudpickle marshal shelve joblib pandas.read_pickle"),
        "deserialises code",
    ),
    "get_ipython": "reaches IPython internals (magics, shell, history)",
    "IPython": "reaches IPython internals (magics, shell, history)",
}
