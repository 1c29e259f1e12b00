<?php

namespace ExactSidecar\Http;

/**
 * Transport on the WordPress HTTP API (honours the site's proxy and CA settings).
 *
 * WordPress only exposes a total timeout; the 3 s connect timeout is set on the cURL handle through the
 * `http_api_curl` action for requests that carry this plugin's marker argument.
 */
final class WpHttpTransport implements Transport
{
    public const MARKER = 'exact_sidecar_request';

    public static function register(): void
    {
        add_action('http_api_curl', [self::class, 'tuneCurl'], 10, 3);
    }

    /**
     * @param mixed $handle a cURL handle
     * @param array<string,mixed> $args
     */
    public static function tuneCurl($handle, array $args, string $url = ''): void
    {
        foreach (self::curlOptions($args) as $option => $value) {
            curl_setopt($handle, $option, $value);
        }
    }

    /**
     * The cURL options this plugin adds to a WordPress HTTP request (none for other plugins' requests).
     *
     * @param array<string,mixed> $args
     * @return array<int,int>
     */
    public static function curlOptions(array $args): array
    {
        if (empty($args[self::MARKER]) || !defined('CURLOPT_CONNECTTIMEOUT')) {
            return [];
        }
        return [CURLOPT_CONNECTTIMEOUT => self::CONNECT_TIMEOUT];
    }

    public function send(string $method, string $url, array $headers, string $body): Response
    {
        $result = wp_remote_request($url, [
            'method' => strtoupper($method),
            'headers' => $headers,
            'body' => $body === '' ? null : $body,
            'timeout' => self::TOTAL_TIMEOUT,
            'redirection' => 0,
            'blocking' => true,
            self::MARKER => true,
        ]);
        if (is_wp_error($result)) {
            throw new TransportException('Could not reach the sidecar: ' . $result->get_error_message());
        }
        $responseHeaders = [];
        $raw = wp_remote_retrieve_headers($result);
        if (is_object($raw) && method_exists($raw, 'getAll')) {
            $raw = $raw->getAll();
        }
        foreach ((array) $raw as $name => $value) {
            $responseHeaders[strtolower((string) $name)] = is_array($value) ? implode(', ', $value) : (string) $value;
        }
        return new Response(
            (int) wp_remote_retrieve_response_code($result),
            $responseHeaders,
            (string) wp_remote_retrieve_body($result)
        );
    }
}
