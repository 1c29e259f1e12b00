<?php

declare(strict_types=1);

namespace ExactSidecar\Connector\Model\Config;

/**
 * Checks on configuration input; each method returns null when fine or a sentence for the admin.
 */
class Validator
{
    /**
     * The sidecar URL: http(s), a host, no query/fragment/credentials; plain http only for local hosts.
     *
     * @param string $url
     * @return string|null
     */
    public function sidecarUrlProblem(string $url): ?string
    {
        $url = trim($url);
        if ($url === '') {
            return null;
        }
        $parts = parse_url($url);
        if ($parts === false || !isset($parts['scheme'], $parts['host'])) {
            return 'The sidecar URL must be a full URL such as https://sidecar.example.nl.';
        }
        $scheme = strtolower($parts['scheme']);
        if ($scheme !== 'https' && $scheme !== 'http') {
            return 'The sidecar URL must start with https://.';
        }
        if (isset($parts['user']) || isset($parts['pass']) || isset($parts['query']) || isset($parts['fragment'])) {
            return 'The sidecar URL must not contain a user name, password, query or fragment.';
        }
        $host = strtolower(trim($parts['host'], '[]'));
        $local = $host === 'localhost' || $host === '::1' || preg_match('/^127\./', $host)
            || substr($host, -6) === '.local' || substr($host, -9) === '.internal';
        if ($scheme === 'http' && !$local) {
            return 'Use https:// for the sidecar URL; plain http is only accepted for localhost.';
        }
        return null;
    }

    /**
     * The shop id as issued by `exact-sidecar shop add`.
     *
     * @param string $shopId
     * @return string|null
     */
    public function shopIdProblem(string $shopId): ?string
    {
        $shopId = trim($shopId);
        if ($shopId === '' || preg_match('/^[A-Za-z0-9_\-]{1,64}$/', $shopId)) {
            return null;
        }
        return 'The shop id may only hold letters, digits, "_" and "-" (at most 64).';
    }
}
