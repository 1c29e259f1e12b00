from pathlib import Path

import pytest

from sidecar.config import ConfigError, load_config


def _load(tmp_path: Path, **env: str):  # noqa: ANN202
    return load_config({"SIDECAR_HOME": str(tmp_path), **env}, dotenv=tmp_path / "none.env")


def test_defaults_run_a_fresh_checkout(tmp_path: Path) -> None:
    config = _load(tmp_path)
    assert config.database_url == f"sqlite:///{tmp_path / 'sidecar.db'}"
    assert config.redis_url == "redis://127.0.0.1:6390/0"
    assert len(config.secret_key) >= 32
    key_file = tmp_path / "secret_key"
    assert key_file.read_text().strip() == config.secret_key
    assert key_file.stat().st_mode & 0o077 == 0, "generated key must be private"
    assert _load(tmp_path).secret_key == config.secret_key, "key is reused on the next start"


def test_secret_key_is_never_in_repr(tmp_path: Path) -> None:
    config = _load(tmp_path, SIDECAR_SECRET_KEY="s" * 40)
    assert "s" * 40 not in repr(config)


@pytest.mark.parametrize(
    ("env", "variable"),
    [
        ({"SIDECAR_SECRET_KEY": "short"}, "SIDECAR_SECRET_KEY"),
        ({"SIDECAR_DATABASE_URL": "mysql://u@h/db"}, "SIDECAR_DATABASE_URL"),
        ({"SIDECAR_DATABASE_URL": "not a url"}, "SIDECAR_DATABASE_URL"),
        ({"SIDECAR_REDIS_URL": "http://localhost"}, "SIDECAR_REDIS_URL"),
        ({"SIDECAR_PUBLIC_URL": "sidecar.example.com"}, "SIDECAR_PUBLIC_URL"),
        ({"SIDECAR_SIGNATURE_TOLERANCE": "five"}, "SIDECAR_SIGNATURE_TOLERANCE"),
        ({"SIDECAR_LOG_LEVEL": "LOUD"}, "SIDECAR_LOG_LEVEL"),
    ],
)
def test_invalid_values_name_the_variable(tmp_path: Path, env: dict, variable: str) -> None:
    with pytest.raises(ConfigError) as info:
        _load(tmp_path, **env)
    message = str(info.value)
    assert message.startswith(variable)
    assert message.count(".") >= 1 and "\n" not in message


def test_database_password_is_not_echoed(tmp_path: Path) -> None:
    with pytest.raises(ConfigError) as info:
        _load(tmp_path, SIDECAR_DATABASE_URL="mysql://user:hunter2@db/x")
    assert "hunter2" not in str(info.value)


def test_plain_postgresql_url_uses_psycopg(tmp_path: Path) -> None:
    config = _load(tmp_path, SIDECAR_DATABASE_URL="postgresql://u:p@db:5432/sidecar")
    assert config.database_url == "postgresql+psycopg://u:p@db:5432/sidecar"


def test_dotenv_fills_what_the_environment_leaves_open(tmp_path: Path) -> None:
    dotenv = tmp_path / ".env"
    dotenv.write_text(
        "# comment\nexport SIDECAR_PUBLIC_URL='https://sc.example.nl/'\n"
        "SIDECAR_REDIS_URL=redis://from-dotenv:6379/1\n"
    )
    config = load_config(
        {"SIDECAR_HOME": str(tmp_path), "SIDECAR_REDIS_URL": "redis://env:6379/0"}, dotenv=dotenv
    )
    assert config.public_url == "https://sc.example.nl"
    assert config.redis_url == "redis://env:6379/0"


# -- where the operator command finds its installation ----------------------------------------
def test_an_explicit_home_or_env_file_wins(tmp_path: Path) -> None:
    from sidecar.config import locate_installation

    cwd, root = tmp_path / "cwd", tmp_path / "clone"
    (root / "var").mkdir(parents=True)
    cwd.mkdir()
    assert locate_installation({"SIDECAR_HOME": "/srv/h"}, cwd, root) == (Path(".env"), cwd)
    env_file = str(tmp_path / "prod.env")
    assert locate_installation({"SIDECAR_ENV_FILE": env_file}, cwd, root) == (Path(env_file), cwd)


def test_the_working_directory_then_the_checkout(tmp_path: Path) -> None:
    from sidecar.config import locate_installation

    cwd, root = tmp_path / "cwd", tmp_path / "clone"
    cwd.mkdir()
    (root / "var").mkdir(parents=True)
    assert locate_installation({}, cwd, root) == (root / ".env", root)
    (cwd / ".env").write_text("SIDECAR_LOG_LEVEL=DEBUG\n")
    assert locate_installation({}, cwd, root) == (cwd / ".env", cwd)


def test_no_installation_is_refused_in_one_sentence(tmp_path: Path) -> None:
    from sidecar.config import locate_installation

    with pytest.raises(ConfigError, match="No exact-sidecar installation here.*SIDECAR_HOME"):
        locate_installation({}, tmp_path, None)
    with pytest.raises(ConfigError):
        locate_installation({}, tmp_path, tmp_path / "no-such-clone")
    assert not (tmp_path / "var").exists(), "refusing creates nothing"


def test_a_relative_home_is_taken_in_the_installation(tmp_path: Path) -> None:
    config = load_config({}, dotenv=tmp_path / "none.env", base=tmp_path)
    assert config.home == (tmp_path / "var").resolve()
    assert config.database_url == f"sqlite:///{tmp_path.resolve() / 'var' / 'sidecar.db'}"
