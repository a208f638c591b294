import json
import os
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from tests.programs.test_contributions import EXAMPLES

REPO = Path(__file__).resolve().parents[2]


def calc(*args: str) -> str:
    out = StringIO()
    call_command("calc", *args, stdout=out)
    return out.getvalue()


def contribution_args(wage, risk_class, month):
    return [
        "contribution",
        *("--wage", str(wage)),
        *("--risk-class", str(risk_class)),
        *("--month", f"{month:%Y-%m}"),
    ]


@pytest.mark.parametrize("case", sorted(EXAMPLES))
def test_the_command_reproduces_the_worked_examples_as_json(case):
    wage, risk_class, month, lines, employer_total, worker_total = EXAMPLES[case]
    data = json.loads(calc(*contribution_args(wage, risk_class, month), "--json"))
    assert {(line["program"], line["party"]): line["amount"] for line in data["lines"]} == lines
    assert data["totals"]["employer"] == employer_total
    assert data["totals"]["worker"] == worker_total
    assert data["totals"]["total"] == employer_total + worker_total
    assert all(line["regulation"] for line in data["lines"])


def test_the_command_prints_a_table_totals_and_the_explanation():
    wage, risk_class, month, *_ = EXAMPLES["B"]
    text = calc(*contribution_args(wage, risk_class, month), "--lang", "en")
    lines = text.splitlines()
    assert lines[0] == "Wage-earner contribution, contribution month 2025-06"
    assert any(
        line.split() == ["JP", "employer", "Rp10,547,400", "2.0%", "Rp210,948", "Rp10,547,400"]
        for line in lines
    )
    assert any(line.split() == ["Employer", "total", "Rp944,448"] for line in lines)
    assert any(line.split() == ["Worker", "total", "Rp405,474"] for line in lines)
    assert any(line.split() == ["Grand", "total", "Rp1,349,922"] for line in lines)
    assert "Explanation:" in lines
    assert any("PP 45/2015 Pasal 28 ayat (3)" in line for line in lines)


def test_the_command_speaks_indonesian_by_default():
    wage, risk_class, month, *_ = EXAMPLES["A"]
    text = calc(*contribution_args(wage, risk_class, month))
    assert "Total pemberi kerja" in text
    assert "Rp312.000" in text


def test_the_command_applies_the_relief_only_when_asked():
    args = contribution_args(15_000_000, 3, EXAMPLES["B"][2])
    plain = json.loads(calc(*args, "--json"))
    relief = json.loads(calc(*args, "--relief-eligible", "--json"))
    assert plain["lines"][0]["amount"] == 133_500
    assert relief["lines"][0]["amount"] == 66_750
    assert relief["relief_applied"] is True


@pytest.mark.parametrize(
    ("option", "value", "code"),
    [
        ("--month", "2025-13", "CONTRIBUTION_MONTH_INVALID"),
        ("--month", "June", "CONTRIBUTION_MONTH_INVALID"),
        ("--month", "2015-06", "PARAMETER_NOT_IN_FORCE"),
        ("--wage", "-5", "CONTRIBUTION_WAGE_INVALID"),
        ("--wage", "1.5", "CONTRIBUTION_WAGE_INVALID"),
        ("--wage", "0", "CONTRIBUTION_WAGE_INVALID"),
        ("--wage", "5.000.000", "CONTRIBUTION_WAGE_INVALID"),
        ("--risk-class", "6", "CONTRIBUTION_RISK_CLASS_INVALID"),
        ("--risk-class", "high", "CONTRIBUTION_RISK_CLASS_INVALID"),
    ],
)
def test_bad_input_is_refused_with_its_code_in_both_languages(option, value, code):
    values = {"--wage": "5000000", "--risk-class": "1", "--month": "2025-06", option: value}
    args = ["contribution"] + [item for pair in values.items() for item in pair]
    with pytest.raises(CommandError) as refused:
        calc(*args)
    assert refused.value.returncode == 2
    message = str(refused.value)
    assert message.startswith(f"{code} ({option})")
    assert "\n  id: " in message
    assert "\n  en: " in message


def test_the_installed_command_exits_with_status_2_and_no_traceback():
    environment = os.environ | {"DJANGO_SETTINGS_MODULE": "tests.settings", "PYTHONPATH": str(REPO)}
    jamsos = Path(sys.executable).parent / "jamsos"
    command = [str(jamsos), "calc", "contribution", "--wage", "1.5"]
    command += ["--risk-class", "1", "--month", "2025-06"]
    result = subprocess.run(
        command, cwd=REPO, env=environment, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 2
    assert "CONTRIBUTION_WAGE_INVALID" in result.stderr
    assert "Traceback" not in result.stderr
    assert result.stdout == ""
