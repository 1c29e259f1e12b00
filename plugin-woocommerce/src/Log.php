<?php

namespace ExactSidecar;

/**
 * Writes to WooCommerce's log (WooCommerce > Status > Logs, source "exact-sidecar").
 * Callers pass messages without secrets; values that look like secrets are masked anyway.
 */
final class Log
{
    public const SOURCE = 'exact-sidecar';

    public static function info(string $message): void
    {
        self::write('info', $message);
    }

    public static function warning(string $message): void
    {
        self::write('warning', $message);
    }

    public static function error(string $message): void
    {
        self::write('error', $message);
    }

    public static function mask(string $message): string
    {
        $secret = function_exists('get_option') ? (string) get_option(Config::OPTION_SECRET, '') : '';
        if ($secret !== '') {
            $message = str_replace($secret, '***', $message);
        }
        // WooCommerce REST keys and anything that looks like a signature.
        $message = (string) preg_replace('/\b(ck|cs)_[0-9a-f]{8,}\b/i', '$1_***', $message);
        return (string) preg_replace('/v1=[0-9a-f]{16,}/i', 'v1=***', $message);
    }

    private static function write(string $level, string $message): void
    {
        if (!function_exists('wc_get_logger')) {
            return;
        }
        wc_get_logger()->log($level, self::mask($message), ['source' => self::SOURCE]);
    }
}
