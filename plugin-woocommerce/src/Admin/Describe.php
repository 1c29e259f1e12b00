<?php

namespace ExactSidecar\Admin;

use ExactSidecar\Http\Response;

/**
 * Sidecar answers put into words for the admin.
 */
final class Describe
{
    public static function transportFailure(string $url, string $detail): string
    {
        return sprintf(
            /* translators: 1: sidecar URL, 2: technical detail */
            __(
                'Could not reach the sidecar at %1$s (%2$s). Check the URL and that the sidecar is running.',
                'exact-sidecar'
            ),
            $url,
            $detail
        );
    }

    public static function error(Response $response, string $shopId): string
    {
        switch ($response->errorCode()) {
            case 'bad_signature':
                return __('The sidecar refused the request signature: check that the secret matches the one '
                    . '`exact-sidecar shop add` printed.', 'exact-sidecar');
            case 'unknown_shop':
                /* translators: %s: shop id */
                $message = __('The sidecar does not know shop id "%s": check the shop id.', 'exact-sidecar');
                return sprintf($message, $shopId);
            case 'stale_timestamp':
                return __('The clocks of this server and the sidecar differ by more than 5 minutes: fix the server '
                    . 'time (NTP).', 'exact-sidecar');
        }
        return sprintf(
            /* translators: 1: HTTP status, 2: message from the sidecar */
            __('The sidecar answered %1$d: %2$s', 'exact-sidecar'),
            $response->status,
            $response->errorMessage()
        );
    }

    /**
     * The Exact connection from GET /api/v1/shop, in words.
     *
     * @param array<string,mixed> $shop
     */
    public static function exactConnection(array $shop): string
    {
        $exact = isset($shop['exact']) && is_array($shop['exact']) ? $shop['exact'] : [];
        if (empty($exact['connected'])) {
            return __('Not connected to Exact Online.', 'exact-sidecar');
        }
        // "division" is the division code (the sidecar's answer) or {"code", "name"}.
        $division = $exact['division'] ?? null;
        $code = is_array($division) ? (string) ($division['code'] ?? '') : (string) ($division ?? '');
        $name = (string) ($exact['division_name'] ?? (is_array($division) ? ($division['name'] ?? '') : ''));
        $text = sprintf(
            /* translators: 1: division code, 2: division name, 3: region such as nl */
            __('Connected to Exact Online division %1$s %2$s (region %3$s).', 'exact-sidecar'),
            $code,
            $name,
            (string) ($exact['region'] ?? '?')
        );
        if (!empty($exact['needs_reauth'])) {
            $text .= ' ' . __('Exact Online asks to sign in again: use Reconnect.', 'exact-sidecar');
        }
        return preg_replace('/\s+/', ' ', $text);
    }

    /**
     * "Test connection" result in words.
     *
     * @param array<string,mixed> $shop
     */
    public static function shopStatus(array $shop): string
    {
        $queue = isset($shop['queue']) && is_array($shop['queue']) ? $shop['queue'] : [];
        return sprintf(
            /* translators: 1: shop name, 2: Exact connection sentence, 3: pending count, 4: failed count */
            __(
                'The sidecar answered and knows this shop as "%1$s". %2$s Orders waiting: %3$d, failed: %4$d.',
                'exact-sidecar'
            ),
            (string) ($shop['name'] ?? '?'),
            self::exactConnection($shop),
            (int) ($queue['pending'] ?? 0),
            (int) ($queue['failed'] ?? 0)
        );
    }
}
