<?php

declare(strict_types=1);

namespace ExactSidecar\Connector\Test\Unit\E2e;

use PHPUnit\Framework\TestCase;

/**
 * Runs Test/e2e/deliver.php over real HTTP (cURL) against a stand-in sidecar served by `php -S`, which checks the
 * signature with its own HMAC code. The Python end-to-end test does the same against the real sidecar.
 */
class DeliverScriptTest extends TestCase
{
    private const SECRET = 'another secret with spaces and ünïcödé';
    private const SHOP = 'shp_Z9';

    /** @var resource|null */
    private $server;

    /** @var string */
    private $dir = '';

    /** @var int */
    private $port = 0;

    protected function setUp(): void
    {
        $this->dir = sys_get_temp_dir() . '/exact-sidecar-e2e-' . bin2hex(random_bytes(6));
        mkdir($this->dir);
        $probe = stream_socket_server('tcp://127.0.0.1:0', $errno, $errstr);
        $this->assertNotFalse($probe, "no free port: $errstr");
        $name = stream_socket_get_name($probe, false);
        $this->port = (int) substr((string) $name, strrpos((string) $name, ':') + 1);
        fclose($probe);
        $router = dirname(__DIR__, 2) . '/fixtures/e2e/sidecar-router.php';
        $env = [
            'E2E_SECRET' => self::SECRET,
            'E2E_SHOP' => self::SHOP,
            'E2E_LOG' => $this->dir . '/requests.log',
            'E2E_SEEN' => $this->dir . '/seen.txt',
            'PATH' => (string) getenv('PATH'),
        ];
        $this->server = proc_open(
            [PHP_BINARY, '-S', '127.0.0.1:' . $this->port, $router],
            [
                0 => ['pipe', 'r'],
                1 => ['file', $this->dir . '/server.out', 'a'],
                2 => ['file', $this->dir . '/server.out', 'a'],
            ],
            $pipes,
            $this->dir,
            $env
        );
        $this->assertIsResource($this->server);
        $deadline = microtime(true) + 5;
        while (microtime(true) < $deadline) {
            $socket = @fsockopen('127.0.0.1', $this->port, $errno, $errstr, 0.2);
            if ($socket !== false) {
                fclose($socket);
                return;
            }
            usleep(50000);
        }
        $this->fail('php -S did not start: ' . @file_get_contents($this->dir . '/server.out'));
    }

    protected function tearDown(): void
    {
        if (is_resource($this->server)) {
            proc_terminate($this->server);
            proc_close($this->server);
        }
        foreach (glob($this->dir . '/*') ?: [] as $file) {
            unlink($file);
        }
        @rmdir($this->dir);
    }

    /**
     * @param string[] $args
     * @return array{0: int, 1: string, 2: string}
     */
    private function deliver(array $args): array
    {
        $script = dirname(__DIR__, 2) . '/e2e/deliver.php';
        $process = proc_open(
            array_merge([PHP_BINARY, $script], $args),
            [1 => ['pipe', 'w'], 2 => ['pipe', 'w']],
            $pipes
        );
        $this->assertIsResource($process);
        $out = (string) stream_get_contents($pipes[1]);
        $err = (string) stream_get_contents($pipes[2]);
        fclose($pipes[1]);
        fclose($pipes[2]);
        return [proc_close($process), $out, $err];
    }

    /**
     * @param string $secret
     * @param string $count
     * @return string[]
     */
    private function args(string $secret = self::SECRET, string $count = '1'): array
    {
        return [
            '--url', 'http://127.0.0.1:' . $this->port,
            '--shop', self::SHOP,
            '--secret', $secret,
            '--order-file', dirname(__DIR__, 2) . '/fixtures/order-nl-configurable.json',
            '--count', $count,
        ];
    }

    public function testDeliversSignedBatchAndReportsOneJsonLine(): void
    {
        [$code, $out, $err] = $this->deliver($this->args(self::SECRET, '3'));
        $this->assertSame(0, $code, $err);
        $lines = explode("\n", trim($out));
        $this->assertCount(1, $lines);
        $report = json_decode($lines[0], true);
        $this->assertSame(200, $report['status']);
        $this->assertSame(3, $report['delivered']);
        $this->assertSame(0, $report['dead']);
        $this->assertSame(0, $report['retry']);
        $this->assertSame(
            ['order:1234:created', 'order:1234:e2e:1', 'order:1234:e2e:2'],
            array_column($report['body']['results'], 'id')
        );
        $requests = array_map(static function (string $line): array {
            return json_decode($line, true);
        }, file($this->dir . '/requests.log', FILE_IGNORE_NEW_LINES));
        $this->assertCount(1, $requests);
        $this->assertSame('application/json', $requests[0]['content_type']);
        $events = json_decode($requests[0]['body'], true)['events'];
        $this->assertSame('order.updated', $events[0]['type']);
        $this->assertSame('1234', $events[0]['entity_id']);
        $this->assertMatchesRegularExpression('/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/', $events[0]['occurred_at']);
        $this->assertStringContainsString('"grand_total":104.96', $requests[0]['body']);

        [$code, $out] = $this->deliver($this->args(self::SECRET, '3'));
        $this->assertSame(0, $code);
        $again = json_decode(trim($out), true);
        $this->assertSame(['duplicate', 'duplicate', 'duplicate'], array_column($again['body']['results'], 'status'));
        $this->assertSame(3, $again['delivered'], 'duplicates count as delivered');
    }

    public function testWrongSecretIsReportedAsRetryNotLost(): void
    {
        [$code, $out] = $this->deliver($this->args('not the secret'));
        $this->assertSame(1, $code);
        $report = json_decode(trim($out), true);
        $this->assertSame(401, $report['status']);
        $this->assertSame('bad_signature', $report['body']['error']['code']);
        $this->assertSame(['delivered' => 0, 'dead' => 0, 'retry' => 1], [
            'delivered' => $report['delivered'], 'dead' => $report['dead'], 'retry' => $report['retry'],
        ]);
    }

    public function testCreditmemosFileAddsARefundCarryingTheMemos(): void
    {
        $memos = dirname(__DIR__, 2) . '/fixtures/creditmemos-order-1234.json';
        [$code, $out, $err] = $this->deliver(array_merge($this->args(), ['--creditmemos-file', $memos]));
        $this->assertSame(0, $code, $err);
        $report = json_decode(trim($out), true);
        $this->assertSame(
            ['order:1234:created', 'order:1234:creditmemo:77:2'],
            array_column($report['body']['results'], 'id')
        );
        $line = (string) file($this->dir . '/requests.log', FILE_IGNORE_NEW_LINES)[0];
        $events = json_decode(json_decode($line, true)['body'], true)['events'];
        $this->assertSame(['order.updated', 'order.refunded'], array_column($events, 'type'));
        $this->assertArrayNotHasKey('creditmemos', $events[0]['data']);
        $this->assertSame(
            json_decode((string) file_get_contents($memos), true)['items'],
            $events[1]['data']['creditmemos']
        );

        $other = $this->dir . '/other-order.json';
        file_put_contents($other, json_encode(['items' => [['entity_id' => 5, 'order_id' => 99]]]));
        [$code, , $err] = $this->deliver(array_merge($this->args(), ['--creditmemos-file', $other]));
        $this->assertSame(2, $code);
        $this->assertStringContainsString('order_id', $err);
    }

    public function testBadArgumentsExitWithTwo(): void
    {
        $args = ['--url', 'ftp://x', '--shop', 's', '--secret', 'x', '--order-file', __FILE__];
        [$code, $out, $err] = $this->deliver($args);
        $this->assertSame(2, $code);
        $this->assertSame('', $out);
        $this->assertStringContainsString('not JSON', $err);
        [$code, , $err] = $this->deliver(array_merge($this->args(), ['--count', '0']));
        $this->assertSame(2, $code);
        $this->assertStringContainsString('--count', $err);
    }
}
