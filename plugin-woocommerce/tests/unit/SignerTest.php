<?php

namespace ExactSidecar\Tests;

use ExactSidecar\Config;
use ExactSidecar\Http\Signer;
use ExactSidecar\Http\SidecarClient;
use ExactSidecar\Tests\Support\FakeTransport;
use ExactSidecar\Tests\Support\Fixtures;
use ExactSidecar\Tests\Support\TestCase;

final class SignerTest extends TestCase
{
    /**
     * @return array<string,array{0:array<string,mixed>}>
     */
    public function vectors(): array
    {
        $cases = [];
        foreach (Fixtures::json('signing-vectors.json')['vectors'] as $i => $vector) {
            $cases[$vector['method'] . ' ' . $vector['path'] . ' #' . $i] = [$vector];
        }
        return $cases;
    }

    /**
     * @dataProvider vectors
     * @param array<string,mixed> $v
     */
    public function testSignatureMatchesVectorByteForByte(array $v): void
    {
        $this->assertSame(
            $v['signature'],
            Signer::sign($v['secret'], $v['timestamp'], $v['method'], $v['path'], $v['body'])
        );
    }

    /**
     * @dataProvider vectors
     * @param array<string,mixed> $v
     */
    public function testSignedMessageStartsWithDocumentedPrefix(array $v): void
    {
        $prefix = str_replace('\\n', "\n", $v['signed_message_prefix']);
        $message = Signer::message($v['timestamp'], $v['method'], $v['path'], $v['body']);
        $this->assertSame($prefix . $v['body'], $message);
    }

    /**
     * The client, given the vector's shop, secret and clock, produces the vector's exact headers and body.
     *
     * @dataProvider vectors
     * @param array<string,mixed> $v
     */
    public function testClientBuildsTheVectorRequest(array $v): void
    {
        $config = new Config('https://sidecar.example', $v['shop'], $v['secret']);
        $client = new SidecarClient($config, new FakeTransport(), static function () use ($v): int {
            return $v['timestamp'];
        });
        $payload = $v['body'] === '' ? null : json_decode($v['body'], false);
        $request = $client->buildRequest($v['method'], $v['path'], $payload);
        $this->assertSame($v['body'], $request['body']);
        $this->assertSame($v['shop'], $request['headers']['X-Sidecar-Shop']);
        $this->assertSame((string) $v['timestamp'], $request['headers']['X-Sidecar-Timestamp']);
        $this->assertSame($v['signature'], $request['headers']['X-Sidecar-Signature']);
        $this->assertSame('https://sidecar.example' . $v['path'], $request['url']);
    }

    public function testSignatureIsLowercaseHexWithVersionPrefix(): void
    {
        $sig = Signer::sign('k', 1, 'get', '/x', '');
        $this->assertMatchesRegularExpression('/^v1=[0-9a-f]{64}$/', $sig);
        $this->assertSame($sig, Signer::sign('k', 1, 'GET', '/x', ''), 'method is upper-cased');
    }

    public function testEmptySecretIsRefused(): void
    {
        $this->expectException(\InvalidArgumentException::class);
        Signer::sign('', 1, 'GET', '/api/v1/shop', '');
    }

    public function testPathMustBeAbsolute(): void
    {
        $this->expectException(\InvalidArgumentException::class);
        Signer::sign('k', 1, 'GET', 'api/v1/shop', '');
    }

    public function testSidecarUnderAPathPrefixSignsTheFullPath(): void
    {
        $config = new Config('https://host.example/sidecar/', 'shp', 'secret');
        $client = new SidecarClient($config, new FakeTransport(), static function (): int {
            return 1700000000;
        });
        $request = $client->buildRequest('GET', '/api/v1/shop/activity?limit=50');
        $this->assertSame('https://host.example/sidecar/api/v1/shop/activity?limit=50', $request['url']);
        $this->assertSame(
            Signer::sign('secret', 1700000000, 'GET', '/sidecar/api/v1/shop/activity?limit=50', ''),
            $request['headers']['X-Sidecar-Signature']
        );
    }

    public function testUnconfiguredClientRefusesToBuild(): void
    {
        $client = new SidecarClient(new Config('https://x.example', '', ''), new FakeTransport());
        $this->expectException(\RuntimeException::class);
        $this->expectExceptionMessage('shop id or secret');
        $client->buildRequest('GET', '/api/v1/shop');
    }

    public function testJsonKeepsUnicodeAndSlashesAndEmptyObjects(): void
    {
        $json = SidecarClient::encodeJson(json_decode('{"a":"Café/Noord","b":{},"c":[],"price":18.577982}', false));
        $this->assertSame('{"a":"Café/Noord","b":{},"c":[],"price":18.577982}', $json);
    }
}
