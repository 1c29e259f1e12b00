"""PHP's view of a query string and WooCommerce's OAuth 1.0a signature base string.

WooCommerce reads ``$_GET``/``$_POST`` (PHP-parsed: ``a[b]=1`` becomes an array, the last of two
equal keys wins) and builds the base string itself (``WC_REST_Authentication::
check_oauth_signature``): parameters sorted with ``strcmp`` on the *raw* keys, keys and values
RFC 3986-encoded, nested arrays flattened as ``key%5Bsub%5D``, every ``k=v`` encoded again and
joined with ``%26``. For plain parameters this equals RFC 5849, which is what oauthlib and
requests-oauthlib produce; the emulator follows the PHP so edge cases fail as they would there.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import quote, unquote_plus

PhpValue = str | dict[str, Any]


def rfc3986(value: str) -> str:
    """wc_rest_urlencode_rfc3986(): rawurlencode with ``~`` left alone."""
    return quote(value, safe="~")


def parse_php_query(query: str) -> dict[str, PhpValue]:
    """``parse_str()``: decoded pairs, bracket keys nested, the last duplicate wins."""
    result: dict[str, PhpValue] = {}
    for pair in query.split("&"):
        if not pair:
            continue
        raw_key, _, raw_value = pair.partition("=")
        key = unquote_plus(raw_key)
        value = unquote_plus(raw_value)
        _assign(result, key, value)
    return result


def _assign(target: dict[str, PhpValue], key: str, value: str) -> None:
    match = re.match(r"^([^\[]*)((?:\[[^\]]*\])+)", key)
    if not match or not match.group(1):
        base = key.replace(".", "_").replace(" ", "_")
        target[base] = value
        return
    base = match.group(1).replace(".", "_").replace(" ", "_")
    parts = re.findall(r"\[([^\]]*)\]", match.group(2))
    node = target.get(base)
    if not isinstance(node, dict):
        node = {}
        target[base] = node
    for index, part in enumerate(parts):
        last = index == len(parts) - 1
        if part == "":
            part = str(_next_index(node))
        if last:
            node[part] = value
        else:
            child = node.get(part)
            if not isinstance(child, dict):
                child = {}
                node[part] = child
            node = child


def _next_index(node: dict[str, Any]) -> int:
    numbers = [int(k) for k in node if k.isdigit()]
    return max(numbers) + 1 if numbers else 0


def _encode_values(value: PhpValue) -> PhpValue:
    if isinstance(value, dict):
        return {key: _encode_values(item) for key, item in value.items()}
    return rfc3986(value)


def _join(params: dict[str, PhpValue], prefix: str = "") -> list[str]:
    out: list[str] = []
    for key, value in params.items():
        name = f"{prefix}%5B{key}%5D" if prefix else key
        if isinstance(value, dict):
            out.extend(_join(value, name))
        else:
            out.append(rfc3986(f"{name}={value}"))
    return out


def woocommerce_base_string(method: str, url: str, params: dict[str, PhpValue]) -> str:
    """The string WooCommerce signs; ``params`` must not contain ``oauth_signature``."""
    ordered = dict(sorted(params.items(), key=lambda item: item[0].encode("utf-8")))
    normalized = {rfc3986(key): _encode_values(value) for key, value in ordered.items()}
    return f"{method.upper()}&{rfc3986(url)}&" + "%26".join(_join(normalized))


def parse_oauth_header(header: str) -> dict[str, str]:
    """WC_REST_Authentication::parse_header(): only ``oauth_*`` pairs, values urldecode()d."""
    if not header.startswith("OAuth "):
        return {}
    params: dict[str, str] = {}
    for match in re.finditer(r'(oauth_[a-z_-]*)=(:?"([^"]*)"|([^,]*))', header):
        raw = match.group(3) if match.group(3) else (match.group(4) or "")
        params[match.group(1)] = unquote_plus(raw)
    return params
