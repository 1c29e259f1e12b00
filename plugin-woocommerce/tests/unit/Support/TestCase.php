<?php

namespace ExactSidecar\Tests\Support;

use ExactSidecar\Config;

abstract class TestCase extends \PHPUnit\Framework\TestCase
{
    protected const SHOP = 'shp_demo01';
    protected const SECRET = 's3cr3t-Key_for-tests-only-0123456789abcdef';
    protected const URL = 'https://sidecar.example';

    protected function setUp(): void
    {
        parent::setUp();
        \WpState::reset();
    }

    protected function configure(): Config
    {
        update_option(Config::OPTION_URL, self::URL);
        update_option(Config::OPTION_SHOP_ID, self::SHOP);
        update_option(Config::OPTION_SECRET, self::SECRET);
        return Config::fromOptions();
    }

    /**
     * @param array<string,string> $headers
     */
    protected static function assertSignedBy(string $secret, array $request): void
    {
        $headers = $request['headers'];
        $path = (string) parse_url($request['url'], PHP_URL_PATH);
        $query = parse_url($request['url'], PHP_URL_QUERY);
        if (is_string($query)) {
            $path .= '?' . $query;
        }
        $expected = 'v1=' . hash_hmac(
            'sha256',
            $headers['X-Sidecar-Timestamp'] . "\n" . $request['method'] . "\n" . $path . "\n" . $request['body'],
            $secret
        );
        self::assertSame($expected, $headers['X-Sidecar-Signature']);
    }
}
