<?php

declare(strict_types=1);

namespace ExactSidecar\Connector\Test\Unit\Model\Outbox;

use ExactSidecar\Connector\Model\Config;
use ExactSidecar\Connector\Model\Http\Response;
use ExactSidecar\Connector\Model\Http\TransportException;
use ExactSidecar\Connector\Model\Outbox\Backoff;
use ExactSidecar\Connector\Model\Outbox\Recorder;
use ExactSidecar\Connector\Model\Signing;
use ExactSidecar\Connector\Test\Support\FakeCustomer;
use ExactSidecar\Connector\Test\Support\FakeTransport;
use ExactSidecar\Connector\Test\Support\Kit;
use PHPUnit\Framework\TestCase;

class DrainTest extends TestCase
{
    /** @var Kit */
    private $kit;

    /** @var FakeTransport */
    private $transport;

    protected function setUp(): void
    {
        $this->kit = new Kit();
        $this->transport = $this->kit->transport;
        for ($id = 1; $id <= 3; $id++) {
            $this->kit->orders->put(Kit::fixtureOrder($id));
        }
    }

    /**
     * @param int $count
     * @param int $orderId
     * @return void
     */
    private function record(int $count, int $orderId = 1): void
    {
        for ($i = 0; $i < $count; $i++) {
            $this->kit->recorder->record(
                Recorder::TYPE_ORDER_UPDATED,
                Recorder::ENTITY_ORDER,
                (string) $orderId,
                1,
                ['test', (string) $i]
            );
        }
    }

    /**
     * Answer every batch like the sidecar: accepted per event, optional per-id overrides.
     *
     * @param array<string, string> $statusById
     * @return void
     */
    private function sidecarAnswers(array $statusById = []): void
    {
        $this->transport->handler = static function ($method, $url, $headers, $body) use ($statusById): Response {
            $results = [];
            foreach (json_decode($body, true)['events'] as $event) {
                $status = $statusById[$event['id']] ?? 'accepted';
                $result = ['id' => $event['id'], 'status' => $status];
                if ($status === 'invalid') {
                    $result['error'] = [
                        'code' => 'invalid',
                        'message' => 'The event has invalid fields.',
                        'fields' => ['occurred_at' => ['Not a valid datetime.']],
                    ];
                }
                $results[] = $result;
            }
            return FakeTransport::json(200, ['results' => $results]);
        };
    }

    /**
     * @param int $status
     * @param string $code
     * @param string $message
     * @return Response
     */
    private static function error(int $status, string $code, string $message = 'x'): Response
    {
        return FakeTransport::json($status, ['error' => ['code' => $code, 'message' => $message]]);
    }

    public function testDeliversASignedBatchAndMarksRowsDelivered(): void
    {
        $this->record(2);
        $this->sidecarAnswers();
        $result = $this->kit->drain->run();

        $this->assertSame(2, $result->delivered);
        $this->assertSame(0, $result->dead);
        $this->assertSame(0, $result->retry);
        $this->assertSame(200, $result->lastStatus);
        $this->assertCount(1, $this->transport->requests);
        $request = $this->transport->requests[0];
        $this->assertSame('POST', $request['method']);
        $this->assertSame('https://sidecar.example.test/api/v1/events/batch', $request['url']);
        $this->assertSame('application/json', $request['headers']['Content-Type']);
        $this->assertSame('shp_demo01', $request['headers']['X-Sidecar-Shop']);
        $this->assertSame((string) $this->kit->clock->now(), $request['headers']['X-Sidecar-Timestamp']);
        $expected = (new Signing())->sign(
            's3cr3t-Key_for-tests-only-0123456789abcdef',
            $this->kit->clock->now(),
            'POST',
            '/api/v1/events/batch',
            $request['body']
        );
        $this->assertSame($expected, $request['headers']['X-Sidecar-Signature']);
        $this->assertCount(2, $this->kit->store->withStatus('delivered'));
        foreach ($this->kit->store->withStatus('delivered') as $row) {
            $this->assertSame($this->kit->clock->now(), $row['delivered_at']);
        }
    }

    public function testSignedPathIncludesThePrefixOfTheSidecarUrl(): void
    {
        $this->kit->scopeConfig->values[Config::XML_PATH_SIDECAR_URL] = 'https://host.test/sidecar/';
        $this->record(1);
        $this->sidecarAnswers();
        $this->kit->drain->run();
        $request = $this->transport->requests[0];
        $this->assertSame('https://host.test/sidecar/api/v1/events/batch', $request['url']);
        $expected = (new Signing())->sign(
            's3cr3t-Key_for-tests-only-0123456789abcdef',
            $this->kit->clock->now(),
            'POST',
            '/sidecar/api/v1/events/batch',
            $request['body']
        );
        $this->assertSame($expected, $request['headers']['X-Sidecar-Signature']);
    }

    public function testBatchesRespectTheBatchSize(): void
    {
        $this->kit->scopeConfig->values[Config::XML_PATH_BATCH_SIZE] = '2';
        $this->record(5);
        $this->sidecarAnswers();
        $result = $this->kit->drain->run();
        $this->assertSame(5, $result->delivered);
        $this->assertSame([2, 2, 1], array_map(function (int $i): int {
            return count($this->transport->events($i));
        }, array_keys($this->transport->requests)));
    }

    public function testBatchSizeIsCappedAtTheContractMaximum(): void
    {
        $this->kit->scopeConfig->values[Config::XML_PATH_BATCH_SIZE] = '500';
        $this->record(130);
        $this->sidecarAnswers();
        $this->kit->drain->run();
        $this->assertCount(100, $this->transport->events(0));
        $this->assertCount(30, $this->transport->events(1));
    }

    public function testDuplicateCountsAsDeliveredAndInvalidGoesDead(): void
    {
        $this->record(3);
        $this->sidecarAnswers(['order:1:test:1' => 'duplicate', 'order:1:test:2' => 'invalid']);
        $result = $this->kit->drain->run();
        $this->assertSame(2, $result->delivered);
        $this->assertSame(1, $result->dead);
        $dead = $this->kit->store->withStatus('dead');
        $this->assertSame('order:1:test:2', $dead[0]['idempotency_key']);
        $this->assertStringContainsString('occurred_at: Not a valid datetime.', $dead[0]['last_error']);
    }

    public function testResultsMissingAnEventAreRetried(): void
    {
        $this->record(2);
        $this->transport->queue[] = FakeTransport::json(200, ['results' => [
            ['id' => 'order:1:test:0', 'status' => 'accepted'],
        ]]);
        $result = $this->kit->drain->run();
        $this->assertSame(1, $result->delivered);
        $this->assertSame(1, $result->retry);
        $pending = $this->kit->store->withStatus('pending');
        $this->assertSame('order:1:test:1', $pending[0]['idempotency_key']);
        $this->assertSame(1, $pending[0]['attempts']);
    }

    public function testServerErrorBacksOffExponentiallyUpTo24Hours(): void
    {
        $this->record(1);
        $start = $this->kit->clock->now();
        $delays = [];
        for ($attempt = 1; $attempt <= 14; $attempt++) {
            $this->transport->queue[] = self::error(503, 'unavailable');
            $result = $this->kit->drain->run();
            $this->assertSame(1, $result->retry, "attempt $attempt is retried");
            $row = array_values($this->kit->store->rows)[0];
            $this->assertSame('pending', $row['status']);
            $this->assertSame($attempt, $row['attempts']);
            $this->assertSame(503, $row['last_http_status']);
            $delays[] = $row['next_attempt_at'] - $this->kit->clock->now();
            $this->kit->clock->time = $row['next_attempt_at'];
        }
        $this->assertSame(
            [60, 120, 240, 480, 960, 1920, 3840, 7680, 15360, 30720, 61440, 86400, 86400, 86400],
            $delays
        );
        $this->assertGreaterThan($start, $this->kit->clock->now());
    }

    public function testRowsAreNotRetriedBeforeTheirTime(): void
    {
        $this->record(1);
        $this->transport->queue[] = new TransportException('Connection refused');
        $this->kit->drain->run();
        $this->kit->clock->time += 59;
        $result = $this->kit->drain->run();
        $this->assertCount(1, $this->transport->requests, 'no request before the backoff ends');
        $this->assertSame(0, $result->retry + $result->delivered);
        $this->kit->clock->time += 1;
        $this->sidecarAnswers();
        $this->assertSame(1, $this->kit->drain->run()->delivered);
    }

    public function testNetworkErrorStopsTheRunAndKeepsEveryRow(): void
    {
        $this->kit->scopeConfig->values[Config::XML_PATH_BATCH_SIZE] = '2';
        $this->record(5);
        $this->transport->queue[] = new TransportException('cURL 28: Operation timed out');
        $result = $this->kit->drain->run();
        $this->assertCount(1, $this->transport->requests, 'a sidecar that is down gets one request per run');
        $this->assertSame(2, $result->retry);
        $this->assertSame('network', $result->stoppedBecause);
        $this->assertNull($result->lastStatus);
        $this->assertCount(5, $this->kit->store->withStatus('pending'));
        $this->assertStringContainsString('timed out', $this->kit->store->withStatus('pending')[0]['last_error']);
    }

    public function testRetryAfterIsHonoured(): void
    {
        $this->record(1);
        $this->transport->queue[] = FakeTransport::json(
            429,
            ['error' => ['code' => 'rate_limited', 'message' => 'Slow down.']],
            ['Retry-After' => '900']
        );
        $this->kit->drain->run();
        $row = array_values($this->kit->store->rows)[0];
        $this->assertSame($this->kit->clock->now() + 900, $row['next_attempt_at']);
        $this->assertSame('HTTP 429 rate_limited: Slow down.', $row['last_error']);
    }

    public function testUnauthorisedIsRetriedWithAHint(): void
    {
        $this->record(1);
        $this->transport->queue[] = self::error(401, 'bad_signature', 'No.');
        $result = $this->kit->drain->run();
        $this->assertSame(1, $result->retry);
        $row = array_values($this->kit->store->rows)[0];
        $this->assertSame('pending', $row['status']);
        $this->assertStringContainsString('check the shop id, the secret and the server clock', $row['last_error']);
    }

    public function testUnsupportedMediaTypeDeadLettersTheBatch(): void
    {
        $this->record(2);
        $this->transport->queue[] = self::error(415, 'unsupported_media_type', 'JSON only.');
        $result = $this->kit->drain->run();
        $this->assertSame(2, $result->dead);
        $this->assertCount(2, $this->kit->store->withStatus('dead'));
        $this->assertSame(415, $this->kit->store->withStatus('dead')[0]['last_http_status']);
    }

    public function testBadRequestSplitsTheBatchToFindTheOffendingEvent(): void
    {
        $this->record(4);
        $this->transport->handler = static function ($method, $url, $headers, $body): Response {
            $events = json_decode($body, true)['events'];
            foreach ($events as $event) {
                if ($event['id'] === 'order:1:test:2') {
                    return FakeTransport::json(400, ['error' => ['code' => 'invalid_json', 'message' => 'Bad.']]);
                }
            }
            return FakeTransport::json(200, ['results' => array_map(static function (array $e): array {
                return ['id' => $e['id'], 'status' => 'accepted'];
            }, $events)]);
        };
        $result = $this->kit->drain->run();
        $this->assertSame(3, $result->delivered);
        $this->assertSame(1, $result->dead);
        $dead = $this->kit->store->withStatus('dead');
        $this->assertSame('order:1:test:2', $dead[0]['idempotency_key']);
        $this->assertSame('HTTP 400 invalid_json: Bad.', $dead[0]['last_error']);
        $this->assertSame([4, 2, 2, 1, 1], array_map(function (int $i): int {
            return count($this->transport->events($i));
        }, array_keys($this->transport->requests)));
    }

    public function testTooLargeSingleEventIsDeadWithoutSending(): void
    {
        $big = Kit::fixtureOrder(3);
        $big->setData('customer_note', str_repeat('x', 2100000));
        $this->kit->orders->put($big);
        $this->record(1, 3);
        $this->record(1, 1);
        $this->sidecarAnswers();
        $result = $this->kit->drain->run();
        $this->assertSame(1, $result->dead);
        $this->assertSame(1, $result->delivered);
        $dead = $this->kit->store->withStatus('dead');
        $this->assertStringContainsString('more than the sidecar accepts', $dead[0]['last_error']);
        foreach ($this->transport->requests as $request) {
            $this->assertLessThan(2097152, strlen($request['body']));
        }
    }

    public function testBodiesStayBelowTwoMebibytes(): void
    {
        $big = Kit::fixtureOrder(3);
        $big->setData('customer_note', str_repeat('y', 700000));
        $this->kit->orders->put($big);
        for ($i = 0; $i < 4; $i++) {
            $this->kit->recorder->record('order.updated', 'order', '3', 1, ['big', (string) $i]);
        }
        $this->sidecarAnswers();
        $result = $this->kit->drain->run();
        $this->assertSame(4, $result->delivered);
        $this->assertGreaterThan(1, count($this->transport->requests));
        foreach ($this->transport->requests as $request) {
            $this->assertLessThan(2000001, strlen($request['body']));
        }
    }

    public function testVanishedOrderIsSentAsOrderDeleted(): void
    {
        $this->record(1, 99);
        $this->sidecarAnswers();
        $this->kit->drain->run();
        $event = $this->transport->events(0)[0];
        $this->assertSame('order.deleted', $event['type']);
        $this->assertNull($event['data']);
        $this->assertSame('99', $event['entity_id']);
    }

    public function testVanishedCustomerIsDeadWithReason(): void
    {
        $this->kit->recorder->record('customer.updated', 'customer', '77', 1, ['saved', 'x']);
        $this->kit->customers->customers[56] = new FakeCustomer(['id' => 56, 'email' => 'j.jansen@example.nl']);
        $this->kit->recorder->record('customer.updated', 'customer', '56', 1, ['saved', 'x']);
        $this->sidecarAnswers();
        $result = $this->kit->drain->run();
        $this->assertSame(1, $result->dead);
        $this->assertSame(1, $result->delivered);
        $this->assertSame('Customer 77 no longer exists.', $this->kit->store->withStatus('dead')[0]['last_error']);
        $this->assertSame('j.jansen@example.nl', $this->transport->events(0)[0]['data']['email']);
    }

    public function testDatabaseTroubleWhileBuildingIsRetriedNotDead(): void
    {
        $this->record(1);
        $this->kit->orders->failWith = new \RuntimeException('Deadlock found when trying to get lock');
        $result = $this->kit->drain->run();
        $this->assertSame(1, $result->retry);
        $this->assertSame([], $this->transport->requests);
        $this->assertStringContainsString('Deadlock', $this->kit->store->withStatus('pending')[0]['last_error']);
    }

    public function testNothingIsSentWhenNotConfigured(): void
    {
        $this->kit->scopeConfig->values[Config::XML_PATH_SECRET] = '';
        $this->record(1);
        $result = $this->kit->drain->run();
        $this->assertSame('not_configured', $result->stoppedBecause);
        $this->assertSame([], $this->transport->requests);
        $this->assertCount(1, $this->kit->store->withStatus('pending'));
    }

    public function testTheSecretIsNeverLogged(): void
    {
        $this->record(2);
        $this->transport->queue[] = self::error(401, 'bad_signature', 'No.');
        $this->kit->drain->run();
        $this->assertNotEmpty($this->kit->logger->records);
        foreach ($this->kit->logger->records as [$level, $message]) {
            $this->assertStringNotContainsString('s3cr3t-Key', $message);
        }
    }

    public function testOtherSuccessWithoutResultsDeliversTheBatch(): void
    {
        $this->record(2);
        $this->transport->queue[] = new Response(202, [], '');
        $this->assertSame(2, $this->kit->drain->run()->delivered);
    }

    public function testConflictIsRetried(): void
    {
        $this->record(1);
        $this->transport->queue[] = FakeTransport::json(409, ['error' => ['code' => 'conflict', 'message' => 'Busy.']]);
        $result = $this->kit->drain->run();
        $this->assertSame(1, $result->retry);
        $this->assertSame(0, $result->dead);
    }

    public function testBackoffHelper(): void
    {
        $backoff = new Backoff();
        $this->assertSame(60, $backoff->delay(1));
        $this->assertSame(120, $backoff->delay(2));
        $this->assertSame(86400, $backoff->delay(100));
        $this->assertSame(300, $backoff->delay(1, 300));
        $this->assertSame(120, $backoff->delay(2, 30));
        $this->assertSame(86400, $backoff->delay(1, 999999));
    }
}
