<?php

namespace ExactSidecar\Tests;

use ExactSidecar\Tests\Support\Fixtures;
use ExactSidecar\Tests\Support\TestCase;

/**
 * Runs tests/e2e/deliver.php as a separate process against a signature-checking fake sidecar served by
 * `php -S` over real HTTP (the Python end-to-end test does the same against the real sidecar).
 */
final class E2eScriptTest extends TestCase
{
    /** @var resource|null */
    private static $server;
    /** @var int */
    private static $port = 0;
    /** @var string */
    private static $state = '';
    /** @var string */
    private static $force = '';

    private static function startServer(string $force = ''): void
    {
        self::stopServer();
        $socket = stream_socket_server('tcp://127.0.0.1:0');
        $name = stream_socket_get_name($socket, false);
        fclose($socket);
        self::$port = (int) substr((string) $name, strrpos((string) $name, ':') + 1);
        self::$state = (string) tempnam(sys_get_temp_dir(), 'fake-sidecar');
        self::$force = $force;
        $env = [
            'FAKE_SIDECAR_SHOP' => 'shp_e2e',
            'FAKE_SIDECAR_SECRET' => 'e2e secret ü',
            'FAKE_SIDECAR_STATE' => self::$state,
            'FAKE_SIDECAR_FORCE' => $force,
            'PATH' => (string) getenv('PATH'),
        ];
        $router = dirname(__DIR__) . '/e2e/fake-sidecar.php';
        $command = ['php', '-S', '127.0.0.1:' . self::$port, $router];
        $io = [1 => ['file', '/dev/null', 'w'], 2 => ['file', '/dev/null', 'w']];
        self::$server = proc_open($command, $io, $pipes, null, $env);
        for ($i = 0; $i < 100; $i++) {
            $probe = @fsockopen('127.0.0.1', self::$port, $errno, $errstr, 0.1);
            if ($probe !== false) {
                fclose($probe);
                return;
            }
            usleep(50000);
        }
        self::fail('the fake sidecar did not start');
    }

    private static function stopServer(): void
    {
        if (is_resource(self::$server)) {
            proc_terminate(self::$server);
            proc_close(self::$server);
        }
        self::$server = null;
        if (self::$state !== '' && is_file(self::$state)) {
            unlink(self::$state);
        }
    }

    public static function tearDownAfterClass(): void
    {
        self::stopServer();
    }

    /**
     * @param array<int,string> $extra
     * @return array{0:int,1:array<string,mixed>|null,2:string}
     */
    private function deliver(string $secret, string $orderFile, array $extra = []): array
    {
        $command = array_merge([
            'php',
            dirname(__DIR__) . '/e2e/deliver.php',
            '--url', 'http://127.0.0.1:' . self::$port,
            '--shop', 'shp_e2e',
            '--secret', $secret,
            '--order-file', $orderFile,
        ], $extra);
        $process = proc_open($command, [1 => ['pipe', 'w'], 2 => ['pipe', 'w']], $pipes);
        $out = stream_get_contents($pipes[1]);
        $err = stream_get_contents($pipes[2]);
        fclose($pipes[1]);
        fclose($pipes[2]);
        $code = proc_close($process);
        $decoded = json_decode(trim((string) $out), true);
        return [$code, is_array($decoded) ? $decoded : null, (string) $err];
    }

    public function testDeliversAcceptsThenRecognisesTheDuplicate(): void
    {
        self::startServer();
        $file = Fixtures::path('order-nl-two-rates-coupon-fee-refund.json');

        [$code, $first] = $this->deliver('e2e secret ü', $file, ['--event-id', 'evt-e2e-1']);
        $this->assertSame(0, $code);
        $this->assertSame(['status' => 202, 'body' => ['status' => 'accepted', 'event_id' => 'evt-e2e-1'],
            'outcome' => 'delivered', 'event_id' => 'evt-e2e-1'], $first);

        [, $again] = $this->deliver('e2e secret ü', $file, ['--event-id', 'evt-e2e-1']);
        $this->assertSame(200, $again['status']);
        $this->assertSame('duplicate', $again['body']['status']);
        $this->assertSame('delivered', $again['outcome']);

        $stored = json_decode((string) file_get_contents(self::$state), true)['evt-e2e-1'];
        $this->assertSame(Fixtures::json('order-nl-two-rates-coupon-fee-refund.json'), $stored['data']);
        $this->assertSame('15', $stored['entity_id']);
        $this->assertMatchesRegularExpression('/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/', $stored['occurred_at']);
    }

    public function testWrongSecretIsRetriedNotDead(): void
    {
        self::startServer();
        [, $result] = $this->deliver('wrong', Fixtures::path('order-nl-two-rates-coupon-fee-refund.json'));
        $this->assertSame(401, $result['status']);
        $this->assertSame('bad_signature', $result['body']['error']['code']);
        $this->assertSame('retry', $result['outcome']);
    }

    public function testInvalidEventIsDead(): void
    {
        self::startServer();
        $file = (string) tempnam(sys_get_temp_dir(), 'order');
        file_put_contents($file, '{"id": 99, "status": "processing"}');
        [, $result] = $this->deliver('e2e secret ü', $file, ['--type', 'order.refunded']);
        unlink($file);
        $this->assertSame(400, $result['status']);
        $this->assertSame(['data.total' => ['is required']], $result['body']['error']['fields']);
        $this->assertSame('dead', $result['outcome']);
    }

    public function testUnavailableSidecarIsRetried(): void
    {
        self::startServer('503');
        [, $result] = $this->deliver('e2e secret ü', Fixtures::path('order-06-de-b2b-reverse-charge.json'));
        $this->assertSame(503, $result['status']);
        $this->assertSame('retry', $result['outcome']);
        self::stopServer();
        [, $down] = $this->deliver('e2e secret ü', Fixtures::path('order-06-de-b2b-reverse-charge.json'));
        $this->assertSame(0, $down['status'], 'no answer at all');
        $this->assertNull($down['body']);
        $this->assertSame('retry', $down['outcome']);
    }

    public function testBadArgumentsExitTwoWithAMessage(): void
    {
        self::startServer();
        [$code, $out, $err] = $this->deliver('s', '/nonexistent/order.json');
        $this->assertSame(2, $code);
        $this->assertNull($out);
        $this->assertStringContainsString('cannot read /nonexistent/order.json', $err);
        $file = Fixtures::path('order-06-de-b2b-reverse-charge.json');
        [$code, , $err] = $this->deliver('s', $file, ['--type', 'order.nope']);
        $this->assertSame(2, $code);
        $this->assertStringContainsString('unknown --type', $err);
    }
}
