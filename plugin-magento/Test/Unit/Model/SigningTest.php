<?php

declare(strict_types=1);

namespace ExactSidecar\Connector\Test\Unit\Model;

use ExactSidecar\Connector\Model\Signing;
use PHPUnit\Framework\TestCase;

/**
 * The contract's signing vectors (copied from the design into Test/fixtures), byte for byte.
 */
class SigningTest extends TestCase
{
    /**
     * @return array<int, array<string, mixed>>
     */
    private static function vectors(): array
    {
        $json = json_decode(
            (string) file_get_contents(dirname(__DIR__, 2) . '/fixtures/signing-vectors.json'),
            true,
            512,
            JSON_THROW_ON_ERROR
        );
        return $json['vectors'];
    }

    public function testThereAreVectors(): void
    {
        $this->assertGreaterThanOrEqual(3, count(self::vectors()));
    }

    public function testEveryVectorSignsByteForByte(): void
    {
        $signing = new Signing();
        foreach (self::vectors() as $i => $v) {
            $message = $signing->message($v['timestamp'], $v['method'], $v['path'], $v['body']);
            $prefix = str_replace('\\n', "\n", $v['signed_message_prefix']);
            $this->assertSame($prefix . $v['body'], $message, "message of vector $i");
            $this->assertSame(
                $v['signature'],
                $signing->sign($v['secret'], $v['timestamp'], $v['method'], $v['path'], $v['body']),
                "signature of vector $i"
            );
        }
    }

    public function testHeadersCarryShopTimestampAndSignature(): void
    {
        $v = self::vectors()[0];
        $headers = (new Signing())->headers($v['shop'], $v['secret'], $v['timestamp'], 'post', $v['path'], $v['body']);
        $this->assertSame(
            [
                'X-Sidecar-Shop' => $v['shop'],
                'X-Sidecar-Timestamp' => (string) $v['timestamp'],
                'X-Sidecar-Signature' => $v['signature'],
            ],
            $headers
        );
    }

    public function testAnyChangedByteChangesTheSignature(): void
    {
        $v = self::vectors()[0];
        $signing = new Signing();
        $good = $signing->sign($v['secret'], $v['timestamp'], $v['method'], $v['path'], $v['body']);
        $this->assertNotSame($good, $signing->sign($v['secret'], $v['timestamp'] + 1, 'POST', $v['path'], $v['body']));
        $this->assertNotSame($good, $signing->sign($v['secret'], $v['timestamp'], 'PUT', $v['path'], $v['body']));
        [$s, $t, $p, $b] = [$v['secret'], $v['timestamp'], $v['path'], $v['body']];
        $this->assertNotSame($good, $signing->sign($s, $t, 'POST', $p . '?a=1', $b));
        $this->assertNotSame($good, $signing->sign($s, $t, 'POST', $p, $b . ' '));
        $this->assertNotSame($good, $signing->sign($s . 'x', $t, 'POST', $p, $b));
    }

    public function testEmptySecretIsRefused(): void
    {
        $this->expectException(\InvalidArgumentException::class);
        (new Signing())->sign('', 1, 'GET', '/api/v1/shop', '');
    }

    public function testRelativePathIsRefused(): void
    {
        $this->expectException(\InvalidArgumentException::class);
        (new Signing())->sign('secret', 1, 'GET', 'api/v1/shop', '');
    }
}
