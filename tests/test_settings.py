"""One run configuration (flows/settings.py): the CLI's options, the environment, the flow and the deployment all
read ``RunConfig``."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from flows.settings import RunConfig, Settings

ROOT = Path(__file__).resolve().parent.parent


def test_settings_are_the_run_configuration_and_the_other_commands_settings():
    assert set(RunConfig.model_fields) < set(Settings.model_fields)
    assert set(Settings.model_fields) - set(RunConfig.model_fields) == {"recode_chunk"}
    for name, field in RunConfig.model_fields.items():  # one default, one description each
        assert Settings.model_fields[name].default == field.default and field.description


def test_the_run_configuration_comes_from_the_environment_and_the_options(monkeypatch):
    monkeypatch.setenv("EVENTWIRE_WORKERS", "3")
    monkeypatch.setenv("EVENTWIRE_INPUT", "a,b")
    config = Settings(batch_size=7).run_config()
    assert type(config) is RunConfig
    assert (config.workers, config.batch_size, config.input) == (3, 7, [Path("a"), Path("b")])
    assert RunConfig().workers is None  # the flow's own parameter reads no environment


def test_a_deployments_configuration_is_absolute_and_says_where_the_report_goes(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    config = RunConfig(input=["in"], db="w.duckdb", lake="lake", lexicon="lex").absolute()
    assert config.input == [tmp_path / "in"] and config.db == tmp_path / "w.duckdb"
    assert config.lake == str(tmp_path / "lake") and config.lexicon == tmp_path / "lex"
    assert config.report_path == tmp_path / "report.html"
    assert RunConfig(report="off").absolute().report_path is None


def test_unknown_or_invalid_parameters_are_refused():
    with pytest.raises(ValueError):
        RunConfig(inputs=["seeds"])  # a misspelt parameter is an error, not ignored
    with pytest.raises(ValueError):
        RunConfig(task_runner="threads")


def test_the_flows_and_the_deployment_take_the_run_configuration():
    from prefect.utilities.callables import parameter_schema

    from flows.pipeline import pipeline
    from flows.recode import recode

    assert list(parameter_schema(pipeline.fn).properties) == ["config", "full_refresh"]
    assert list(parameter_schema(recode.fn).properties) == ["config", "since", "chunk_articles"]
    (deployment,) = yaml.safe_load((ROOT / "prefect.yaml").read_text())["deployments"]
    assert set(deployment["parameters"]) == {"config"}
    RunConfig.model_validate(deployment["parameters"]["config"])  # valid as written
    assert pipeline.validate_parameters(deployment["parameters"])["config"].report_path is None
