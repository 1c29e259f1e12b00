<?php

declare(strict_types=1);

namespace ExactSidecar\Connector\Model;

/**
 * Request signing of CONTRACT.md version 1.
 *
 * Message = timestamp LF METHOD LF path-with-query LF raw-body-bytes; key = UTF-8 bytes of the shop secret;
 * header value = "v1=" + lowercase hex HMAC-SHA256.
 */
class Signing
{
    public const HEADER_SHOP = 'X-Sidecar-Shop';
    public const HEADER_TIMESTAMP = 'X-Sidecar-Timestamp';
    public const HEADER_SIGNATURE = 'X-Sidecar-Signature';

    /**
     * The bytes that get signed.
     *
     * @param int $timestamp Unix seconds
     * @param string $method HTTP method, any case (upper-cased here)
     * @param string $pathWithQuery for example "/api/v1/shop/activity?limit=50"
     * @param string $body raw body bytes, "" for GET
     * @return string
     */
    public function message(int $timestamp, string $method, string $pathWithQuery, string $body): string
    {
        if ($pathWithQuery === '' || $pathWithQuery[0] !== '/') {
            throw new \InvalidArgumentException('The signed path must start with "/".');
        }
        return $timestamp . "\n" . strtoupper($method) . "\n" . $pathWithQuery . "\n" . $body;
    }

    /**
     * The X-Sidecar-Signature header value.
     *
     * @param string $secret the shop secret (plain text, UTF-8)
     * @param int $timestamp
     * @param string $method
     * @param string $pathWithQuery
     * @param string $body
     * @return string
     */
    public function sign(string $secret, int $timestamp, string $method, string $pathWithQuery, string $body): string
    {
        if ($secret === '') {
            throw new \InvalidArgumentException('The shop secret is empty; configure it first.');
        }
        return 'v1=' . hash_hmac('sha256', $this->message($timestamp, $method, $pathWithQuery, $body), $secret);
    }

    /**
     * All three signing headers for one request.
     *
     * @param string $shopId
     * @param string $secret
     * @param int $timestamp
     * @param string $method
     * @param string $pathWithQuery
     * @param string $body
     * @return array<string, string>
     */
    public function headers(
        string $shopId,
        string $secret,
        int $timestamp,
        string $method,
        string $pathWithQuery,
        string $body
    ): array {
        return [
            self::HEADER_SHOP => $shopId,
            self::HEADER_TIMESTAMP => (string) $timestamp,
            self::HEADER_SIGNATURE => $this->sign($secret, $timestamp, $method, $pathWithQuery, $body),
        ];
    }
}
