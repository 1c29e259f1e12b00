<?php

namespace ExactSidecar\Http;

/**
 * Request signing of CONTRACT.md, version 1.
 *
 * Message = timestamp LF METHOD LF path-with-query LF raw-body; key = UTF-8 bytes of the shop secret;
 * header value = "v1=" + lowercase hex HMAC-SHA256.
 */
final class Signer
{
    public const HEADER_SHOP = 'X-Sidecar-Shop';
    public const HEADER_TIMESTAMP = 'X-Sidecar-Timestamp';
    public const HEADER_SIGNATURE = 'X-Sidecar-Signature';

    public static function message(int $timestamp, string $method, string $pathWithQuery, string $body): string
    {
        return $timestamp . "\n" . strtoupper($method) . "\n" . $pathWithQuery . "\n" . $body;
    }

    public static function sign(
        string $secret,
        int $timestamp,
        string $method,
        string $pathWithQuery,
        string $body
    ): string {
        if ($secret === '') {
            throw new \InvalidArgumentException('The shop secret is empty; cannot sign a request.');
        }
        if ($pathWithQuery === '' || $pathWithQuery[0] !== '/') {
            throw new \InvalidArgumentException('The signed path must start with "/".');
        }
        return 'v1=' . hash_hmac('sha256', self::message($timestamp, $method, $pathWithQuery, $body), $secret);
    }

    /**
     * The three signing headers for one request.
     *
     * @return array<string,string>
     */
    public static function headers(
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
            self::HEADER_SIGNATURE => self::sign($secret, $timestamp, $method, $pathWithQuery, $body),
        ];
    }
}
