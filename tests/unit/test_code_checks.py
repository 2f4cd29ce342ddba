"""Static checks of proposed code cells: unknown columns, unknown names, safety flags."""

from __future__ import annotations

import importlib
import sys
import types

import pytest

from jupyter_genanalyst.narrate.code_checks import check_code_cell
from jupyter_genanalyst.narrate.types import SafetyFlag

COLUMNS = ["date", "revenue", "units", "region", "col_2"]


@pytest.fixture(autouse=True)
def safety_module(monkeypatch: pytest.MonkeyPatch) -> None:
    """Use the real safety checker when it exists; until then a tiny stand-in."""
    try:
        importlib.import_module("jupyter_genanalyst.safety")
    except ImportError:
        stub = types.ModuleType("jupyter_genanalyst.safety")

        def check_code(source: str) -> tuple[SafetyFlag, ...]:
            if "import os" in source:
                return (SafetyFlag("dangerous-import", "imports os", 1),)
            return ()

        stub.check_code = check_code  # type: ignore[attr-defined]
        monkeypatch.setitem(sys.modules, "jupyter_genanalyst.safety", stub)


def check(source: str, variables: tuple[str, ...] = ("df",)) -> tuple[str, ...]:
    return check_code_cell(source, columns=COLUMNS, variables=variables).problems


def test_clean_cell_has_no_problems() -> None:
    source = (
        "import plotly.express as px\n"
        "monthly = df.groupby('region')['revenue'].sum()\n"
        "df['margin'] = df['revenue'] / df.units\n"
        "top = [c for c in df.columns if c != 'date']\n"
        "px.line(df, x='date', y=['revenue', 'margin'], color='region')\n"
    )
    result = check_code_cell(source, columns=COLUMNS, variables=["df"])
    assert result.parses and result.problems == () and not result.needs_acknowledgement


@pytest.mark.parametrize(
    ("source", "bad"),
    [
        ("df['revnue'].mean()", "'revnue'"),
        ("df[['revenue', 'price']]", "'price'"),
        ("df.loc[:, 'cost']", "'cost'"),
        ("df.sort_values('profit')", "'profit'"),
        ("df.groupby(by=['region', 'country']).size()", "'country'"),
        ("import plotly.express as px\npx.scatter(df, x='revenue', y='profit')", "'profit'"),
        ("import plotly.express as px\npx.histogram(data_frame=df, x='cost')", "'cost'"),
        ("df.revnue.mean()", "df.revnue"),
    ],
)
def test_unknown_columns_are_reported(source: str, bad: str) -> None:
    problems = check(source)
    assert len(problems) == 1 and bad in problems[0], problems


def test_dataframe_methods_and_known_columns_are_not_columns() -> None:
    assert check("df.describe()\ndf.revenue.plot()\ndf.shape\ndf.col_2.isna().sum()") == ()


def test_columns_created_in_the_cell_are_known() -> None:
    source = (
        "df['ratio'] = df['revenue'] / df['units']\n"
        "out = df.assign(delta=df['units'].diff())\n"
        "df.sort_values('ratio')\n"
    )
    assert check(source) == ()


@pytest.mark.parametrize(
    ("source", "name"),
    [
        ("sales_df.head()", "sales_df"),
        ("px.line(df, x='date', y='revenue')", "px"),  # alias used but never imported
        ("np.log(df['revenue'])", "np"),
        ("print(total)", "total"),
    ],
)
def test_unknown_names_are_reported(source: str, name: str) -> None:
    problems = check(source)
    assert any(f"name {name!r}" in p for p in problems), problems


def test_names_from_the_cell_builtins_and_namespace_are_known() -> None:
    source = (
        "import numpy as np\n"
        "from math import sqrt\n"
        "def scale(x, *args, factor=2, **kw):\n"
        "    return x * factor\n"
        "total = sum(scale(v) for v in df['units'])\n"
        "with open('x.csv') as fh:\n    pass\n"
        "try:\n    sqrt(total)\nexcept ValueError as err:\n    print(err, len(model.coef_))\n"
        "np.mean([1, 2])\n"
    )
    assert check(source, variables=("df", "model")) == ()


def test_other_frames_in_the_namespace_are_checked_too() -> None:
    problems = check("sales_df['nope']", variables=("df", "sales_df"))
    assert len(problems) == 1 and "'nope'" in problems[0]
    # A dict is not a frame: its keys are not columns.
    assert check("config['nope']", variables=("config",)) == ()


def test_syntax_errors_do_not_parse() -> None:
    result = check_code_cell("df[", columns=COLUMNS, variables=["df"])
    assert not result.parses and result.needs_acknowledgement
    assert result.problems[0].startswith("syntax error at line 1")


def test_magics_are_reported_not_parsed() -> None:
    result = check_code_cell("%matplotlib inline\ndf.head()", columns=COLUMNS, variables=["df"])
    assert result.parses
    assert result.problems == (
        "line 1: IPython magic or shell command not checked: %matplotlib inline",
    )


def test_safety_flags_come_from_the_safety_module() -> None:
    result = check_code_cell("import os\nos.listdir('.')", columns=COLUMNS, variables=["df"])
    assert result.safety and result.needs_acknowledgement
    assert all(isinstance(flag, SafetyFlag) for flag in result.safety)
