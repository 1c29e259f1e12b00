"""Deleting a plugin and installing it again books no order twice: both installers, for real.

Each plugin's own ``bin/install`` runs against the real sidecar CLI (``exact-sidecar shop add``,
same database as the running sidecar), with a stand-in for the shop's own tool (a ``wp`` that
keeps options in files; a ``bin/magento`` that keeps configuration in a JSON file). An order is
delivered with the plugin's real delivery code and posted; the plugin is removed with its
options, installed again, and the order is delivered again the way a backfill or resend would.
The second install must get the same shop back (a new secret, the old one refused), and Exact
must still hold exactly one document for the order.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.support.exact import DIVISION, oauth_dance
from tests.support.orders import ITEMS, MAGENTO_SETTINGS, SETTINGS, run_jobs
from tests.support.signing import SignedClient

ROOT = Path(__file__).parents[2]
FIXTURES = ROOT / "tests" / "data" / "fixtures"
WOO_DELIVER = ROOT / "plugin-woocommerce" / "tests" / "e2e" / "deliver.php"
MAGENTO_DELIVER = ROOT / "plugin-magento" / "Test" / "e2e" / "deliver.php"
CLI = Path(sys.executable).with_name("exact-sidecar")

pytestmark = pytest.mark.skipif(shutil.which("php") is None, reason="php is not installed")

# WP-CLI as the installer calls it: plugin install, option get/update (a value, or stdin).
FAKE_WP = r"""#!/bin/sh
store="$FAKE_OPTIONS"
for a in "$@"; do case "$a" in --path=*|--allow-root) shift ;; esac; done
case "$1 $2" in
  "plugin install") exit 0 ;;
  "option get") [ -f "$store/$3" ] && cat "$store/$3" && exit 0; exit 1 ;;
  "option update")
    if [ $# -ge 4 ] && [ "${4#--}" = "$4" ]; then printf '%s' "$4" > "$store/$3";
    else cat > "$store/$3"; fi
    exit 0 ;;
esac
echo "fake wp: $*" >&2; exit 1
"""

# bin/magento as the installer calls it: module:enable, setup:upgrade, config:show/set, cache.
FAKE_MAGENTO = r"""<?php
$file = getenv('FAKE_CONFIG');
$config = is_file($file) ? json_decode(file_get_contents($file), true) : [];
[$command, $path, $value] = array_pad(array_slice($argv, 1), 3, null);
if ($command === 'config:set') {
    $config[$path] = $value;
    file_put_contents($file, json_encode($config));
} elseif ($command === 'config:show') {
    if (!isset($config[$path])) { exit(1); }
    echo $config[$path], "\n";
} elseif (!in_array($command, ['module:enable', 'setup:upgrade', 'cache:flush'], true)) {
    exit(1);
}
"""


@pytest.fixture
def cli_env(exact_runtime, tmp_path) -> dict[str, str]:
    """The sidecar CLI on the running sidecar's database."""
    config = exact_runtime.config
    return {
        **os.environ,
        "SIDECAR_HOME": str(tmp_path / "home"),
        "SIDECAR_DATABASE_URL": config.database_url,
        "SIDECAR_REDIS_URL": config.redis_url,
        "SIDECAR_SECRET_KEY": config.secret_key,
        "SIDECAR_ENV_FILE": str(tmp_path / "none.env"),
        # the previous secret of a re-attached shop stays valid this long (a day by default)
        "SIDECAR_SECRET_GRACE_SECONDS": "0",
    }


def _run(argv: list[str], env: dict[str, str]) -> str:
    done = subprocess.run(argv, env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout + done.stderr


def _deliver(script: Path, *args: str) -> dict:
    done = subprocess.run(["php", str(script), *args], capture_output=True, text=True, timeout=60)
    assert done.stdout.strip(), done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


def _documents(exact, ref: str) -> list[dict]:
    return [d for d in exact.records(DIVISION, "salesinvoice/SalesInvoices") if d["YourRef"] == ref]


def _connect(live: str, exact, shop_id: str, secret: str, settings: dict, return_url: str) -> None:
    client = SignedClient(live, shop_id, secret)
    oauth_dance(client, live, division=DIVISION, return_url=return_url)
    codes = [c for c, _ in ITEMS] + ["TSHIRT-BLK-M", "HOODIE-GRY-L", "SHIPPING", "INSTALL"]
    exact.insert_records(
        DIVISION,
        "logistics/Items",
        [{"Code": c, "Description": c, "IsSalesItem": True} for c in codes],
    )
    if not any(r["Code"].strip() == "OBE6" for r in exact.records(DIVISION, "vat/VATCodes")):
        exact.insert_record(  # the Magento settings map Belgium's 6 %
            DIVISION,
            "vat/VATCodes",
            {"Code": "OBE6", "Description": "OSS BE 6%", "Percentage": 0.06, "Type": "E"},
        )
    saved = client.put("/api/v1/shop/settings", settings)
    assert saved.status_code == 200, saved.text


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_woocommerce_reinstall_books_no_order_twice(
    exact_runtime, exact, live, cli_env, tmp_path
) -> None:
    bin_dir, options, site = tmp_path / "bin", tmp_path / "options", tmp_path / "wordpress"
    for directory in (bin_dir, options, site):
        directory.mkdir()
    (site / "wp-config.php").write_text("<?php\n")
    (bin_dir / "wp").write_text(FAKE_WP)
    (bin_dir / "wp").chmod(0o755)
    (options / "home").write_text("https://winkel.example.nl")
    (options / "blogname").write_text("Winkel")
    env = {**cli_env, "PATH": f"{bin_dir}:{os.environ['PATH']}", "FAKE_OPTIONS": str(options)}
    install = [
        str(ROOT / "plugin-woocommerce" / "bin" / "install"),
        "--wp", str(site), "--sidecar-url", live, "--sidecar-cmd", str(CLI),
    ]  # fmt: skip

    printed = _run(install, env)
    shop_id = (options / "exact_sidecar_shop_id").read_text()
    secret = (options / "exact_sidecar_secret").read_text()
    assert secret and secret not in printed, "the installer never prints the secret"
    settings = {**SETTINGS, "document": {"type": "sales_invoice", "journal": "70"}}
    _connect(live, exact, shop_id, secret, settings, "https://winkel.example.nl/wp-admin/")
    fixture = FIXTURES / "woocommerce" / "order-01-nl-mixed-vat-flatrate-percent-coupon.json"
    order = json.loads(fixture.read_text())
    first = _deliver(
        WOO_DELIVER, "--url", live, "--shop", shop_id, "--secret", secret,
        "--order-file", str(fixture), "--event-id", f"wc-{order['id']}-created",
    )  # fmt: skip
    assert first["status"] == 202, first
    run_jobs(exact_runtime)
    assert len(_documents(exact, order["number"])) == 1

    # The plugin is deleted (its uninstall removes every option) and installed again.
    for option in options.glob("exact_sidecar_*"):
        option.unlink()
    _run(install, env)
    assert (options / "exact_sidecar_shop_id").read_text() == shop_id, "the same shop is back"
    new_secret = (options / "exact_sidecar_secret").read_text()
    assert new_secret != secret

    # "Send earlier orders" (or a resend) delivers the order again, with the new secret.
    stale = _deliver(
        WOO_DELIVER, "--url", live, "--shop", shop_id, "--secret", secret,
        "--order-file", str(fixture), "--event-id", f"wc-{order['id']}-old-secret",
    )  # fmt: skip
    assert stale["status"] == 401, "the old secret no longer signs (no grace configured)"
    again = _deliver(
        WOO_DELIVER, "--url", live, "--shop", shop_id, "--secret", new_secret,
        "--order-file", str(fixture), "--event-id", f"pull:{order['id']}:reinstalled",
    )  # fmt: skip
    assert again["status"] == 202, again
    run_jobs(exact_runtime)
    assert len(_documents(exact, order["number"])) == 1, "no second invoice after the reinstall"


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_magento_reinstall_books_no_order_twice(
    exact_runtime, exact, live, cli_env, tmp_path
) -> None:
    root = tmp_path / "magento"
    (root / "bin").mkdir(parents=True)
    (root / "app" / "etc").mkdir(parents=True)
    (root / "app" / "etc" / "env.php").write_text("<?php return [];\n")
    (root / "bin" / "magento").write_text(FAKE_MAGENTO)
    config_file = tmp_path / "config.json"
    config_file.write_text(json.dumps({"web/secure/base_url": "https://mage.example.nl/"}))
    env = {**cli_env, "FAKE_CONFIG": str(config_file)}
    install = [
        str(ROOT / "plugin-magento" / "bin" / "install"),
        "--magento-root", str(root), "--sidecar-url", live, "--register",
        "--sidecar-cli", str(CLI), "--skip-upgrade",
    ]  # fmt: skip

    def configured() -> dict[str, str]:
        return json.loads(config_file.read_text())

    printed = _run(install, env)
    shop_id = configured()["exact_sidecar/connection/shop_id"]
    secret = configured()["exact_sidecar/connection/secret"]
    assert secret and secret not in printed, "the installer never prints the secret"
    _connect(live, exact, shop_id, secret, MAGENTO_SETTINGS, "https://mage.example.nl/admin/")
    fixture = FIXTURES / "magento" / "order-nl-configurable.json"
    order = json.loads(fixture.read_text())
    first = _deliver(
        MAGENTO_DELIVER, "--url", live, "--shop", shop_id, "--secret", secret,
        "--order-file", str(fixture),
    )  # fmt: skip
    assert first["delivered"] == 1, first
    run_jobs(exact_runtime)
    assert len(_documents(exact, order["increment_id"])) == 1

    # The module is removed with its configuration and installed again.
    config_file.write_text(json.dumps({"web/secure/base_url": "https://mage.example.nl/"}))
    _run(install, env)
    assert configured()["exact_sidecar/connection/shop_id"] == shop_id, "the same shop is back"
    new_secret = configured()["exact_sidecar/connection/secret"]
    assert new_secret != secret
    again = _deliver(
        MAGENTO_DELIVER, "--url", live, "--shop", shop_id, "--secret", new_secret,
        "--order-file", str(fixture), "--id-suffix", "reinstalled",
    )  # fmt: skip
    assert again["delivered"] == 1, again
    run_jobs(exact_runtime)
    assert len(_documents(exact, order["increment_id"])) == 1, "no second invoice"
