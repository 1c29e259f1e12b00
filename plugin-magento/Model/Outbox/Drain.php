<?php

declare(strict_types=1);

namespace ExactSidecar\Connector\Model\Outbox;

use ExactSidecar\Connector\Model\Clock\ClockInterface;
use ExactSidecar\Connector\Model\Config;
use ExactSidecar\Connector\Model\Http\Response;
use ExactSidecar\Connector\Model\Http\TransportException;
use ExactSidecar\Connector\Model\Json;
use ExactSidecar\Connector\Model\Payload\EntityGoneException;
use ExactSidecar\Connector\Model\Payload\EventBuilder;
use ExactSidecar\Connector\Model\Sidecar\Client;
use Psr\Log\LoggerInterface;

/**
 * Delivers due outbox rows to POST /api/v1/events/batch.
 *
 * Classification (CONTRACT.md "Errors"):
 * - 200 with results: "accepted"/"duplicate" -> delivered, "invalid" -> dead, missing -> retry;
 * - other 2xx -> every event of the batch delivered;
 * - 400 / 413 -> the batch is split in halves until the offending single event is found, which goes dead;
 * - 415 -> every event of the batch dead (the body is not JSON: a bug, shown to the admin);
 * - 401, 404, 409, 429, 5xx, network errors -> retry with exponential backoff (Retry-After honoured),
 *   and the run stops so a sidecar that is down is not hammered.
 */
class Drain
{
    /** Stay below the sidecar's 2 MiB body limit. */
    public const MAX_BODY_BYTES = 2000000;
    public const MAX_BATCHES_PER_RUN = 20;
    public const TIME_BUDGET_SECONDS = 45;

    /** @var OutboxStoreInterface */
    private $store;

    /** @var EventBuilder */
    private $eventBuilder;

    /** @var Client */
    private $client;

    /** @var Backoff */
    private $backoff;

    /** @var ClockInterface */
    private $clock;

    /** @var Config */
    private $config;

    /** @var LoggerInterface */
    private $logger;

    /** @var DrainResult */
    private $result;

    /** @var bool */
    private $stop = false;

    /**
     * @param OutboxStoreInterface $store
     * @param EventBuilder $eventBuilder
     * @param Client $client
     * @param Backoff $backoff
     * @param ClockInterface $clock
     * @param Config $config
     * @param LoggerInterface $logger
     */
    public function __construct(
        OutboxStoreInterface $store,
        EventBuilder $eventBuilder,
        Client $client,
        Backoff $backoff,
        ClockInterface $clock,
        Config $config,
        LoggerInterface $logger
    ) {
        $this->store = $store;
        $this->eventBuilder = $eventBuilder;
        $this->client = $client;
        $this->backoff = $backoff;
        $this->clock = $clock;
        $this->config = $config;
        $this->logger = $logger;
    }

    /**
     * Drain due rows in batches until none are due, the sidecar fails, or the run's budget is spent.
     *
     * @param int $maxBatches
     * @return DrainResult
     */
    public function run(int $maxBatches = self::MAX_BATCHES_PER_RUN): DrainResult
    {
        $this->result = new DrainResult();
        $this->stop = false;
        if (!$this->config->isComplete()) {
            $this->result->stoppedBecause = 'not_configured';
            return $this->result;
        }
        $this->eventBuilder->reset();
        $started = $this->clock->now();
        for ($batch = 0; $batch < $maxBatches && !$this->stop; $batch++) {
            if ($this->clock->now() - $started >= self::TIME_BUDGET_SECONDS) {
                $this->result->stoppedBecause = 'time_budget';
                break;
            }
            $rows = $this->store->fetchDue($this->clock->now(), $this->config->getBatchSize());
            if ($rows === []) {
                break;
            }
            [$sendRows, $events, $bodies] = $this->prepare($rows);
            if ($events === []) {
                continue;
            }
            $this->send($sendRows, $bodies);
        }
        return $this->result;
    }

    /**
     * Build the events of a batch; rows that cannot be built are dead-lettered or retried at once.
     *
     * @param array<int, array<string, mixed>> $rows
     * @return array{0: array<int, array<string, mixed>>, 1: array<int, array<string, mixed>>, 2: string[]}
     */
    private function prepare(array $rows): array
    {
        $sendRows = [];
        $events = [];
        $bodies = [];
        $size = 20;
        foreach ($rows as $row) {
            try {
                $event = $this->eventBuilder->build($row);
                $encoded = Json::encode($event);
            } catch (EntityGoneException | \UnexpectedValueException | \JsonException $e) {
                $this->dead($row, null, $e->getMessage());
                continue;
            } catch (\Throwable $e) {
                $this->retry($row, null, 'Could not build the event: ' . $e->getMessage(), null);
                continue;
            }
            if (strlen($encoded) + 20 > self::MAX_BODY_BYTES) {
                $this->dead($row, null, sprintf(
                    'The event is %d bytes, more than the sidecar accepts (2 MiB).',
                    strlen($encoded)
                ));
                continue;
            }
            if ($size + strlen($encoded) + 1 > self::MAX_BODY_BYTES) {
                break;
            }
            $size += strlen($encoded) + 1;
            $sendRows[] = $row;
            $events[] = $event;
            $bodies[] = $encoded;
        }
        return [$sendRows, $events, $bodies];
    }

    /**
     * Send rows whose encoded events are $bodies (same order), splitting on 400/413.
     *
     * @param array<int, array<string, mixed>> $rows
     * @param string[] $bodies
     * @return void
     */
    private function send(array $rows, array $bodies): void
    {
        $body = '{"events":[' . implode(',', $bodies) . ']}';
        try {
            $this->result->requests++;
            $response = $this->client->requestRaw('POST', Client::PATH_EVENTS_BATCH, $body);
        } catch (TransportException $e) {
            $this->result->lastStatus = null;
            $this->result->lastBody = null;
            $this->retryAll($rows, null, $e->getMessage(), null);
            $this->halt('network');
            return;
        }
        $status = $response->getStatus();
        $this->result->lastStatus = $status;
        $this->result->lastBody = $response->getJson();

        if ($status === 200 && $this->hasResults($response)) {
            $this->applyResults($rows, $response);
            return;
        }
        if ($response->isSuccess()) {
            $this->delivered($rows);
            return;
        }
        if ($status === 400 || $status === 413) {
            if (count($rows) > 1) {
                $half = intdiv(count($rows), 2);
                $this->send(array_slice($rows, 0, $half), array_slice($bodies, 0, $half));
                if (!$this->stop) {
                    $this->send(array_slice($rows, $half), array_slice($bodies, $half));
                } else {
                    $this->retryAll(array_slice($rows, $half), null, 'Not sent: the sidecar stopped answering.', null);
                }
                return;
            }
            $this->deadAll($rows, $status, $response->describeError());
            return;
        }
        if ($status === 415) {
            $this->deadAll($rows, $status, $response->describeError());
            return;
        }
        $error = $response->describeError();
        if ($status === 401) {
            $error .= ' (check the shop id, the secret and the server clock)';
        }
        $this->retryAll($rows, $status, $error, $response->getRetryAfter());
        $this->halt('http_' . $status);
    }

    /**
     * @param Response $response
     * @return bool
     */
    private function hasResults(Response $response): bool
    {
        $json = $response->getJson();
        return is_array($json) && isset($json['results']) && is_array($json['results']);
    }

    /**
     * @param array<int, array<string, mixed>> $rows
     * @param Response $response
     * @return void
     */
    private function applyResults(array $rows, Response $response): void
    {
        $json = $response->getJson();
        $byId = [];
        foreach ($json['results'] as $result) {
            if (is_array($result) && isset($result['id'])) {
                $byId[(string) $result['id']] = $result;
            }
        }
        $delivered = [];
        foreach ($rows as $row) {
            $result = $byId[(string) $row['idempotency_key']] ?? null;
            $state = is_array($result) ? (string) ($result['status'] ?? '') : '';
            if ($state === 'accepted' || $state === 'duplicate') {
                $delivered[] = $row;
            } elseif ($state === 'invalid') {
                $this->dead($row, 200, 'Rejected by the sidecar: ' . $this->describeResultError($result));
            } else {
                $this->retry($row, 200, 'The sidecar did not report on this event.', null);
            }
        }
        $this->delivered($delivered);
    }

    /**
     * @param array<string, mixed> $result
     * @return string
     */
    private function describeResultError(array $result): string
    {
        $error = $result['error'] ?? null;
        if (!is_array($error)) {
            return 'invalid';
        }
        $text = (string) ($error['message'] ?? ($error['code'] ?? 'invalid'));
        if (isset($error['fields']) && is_array($error['fields'])) {
            $parts = [];
            foreach ($error['fields'] as $field => $problems) {
                $parts[] = $field . ': ' . implode('; ', array_map('strval', (array) $problems));
            }
            if ($parts !== []) {
                $text .= ' (' . implode(', ', $parts) . ')';
            }
        }
        return $text;
    }

    /**
     * @param string $reason
     * @return void
     */
    private function halt(string $reason): void
    {
        $this->stop = true;
        $this->result->stoppedBecause = $reason;
    }

    /**
     * @param array<int, array<string, mixed>> $rows
     * @return void
     */
    private function delivered(array $rows): void
    {
        if ($rows === []) {
            return;
        }
        $ids = array_map(static function (array $row): int {
            return (int) $row['outbox_id'];
        }, $rows);
        $this->store->markDelivered($ids, $this->clock->now());
        $this->result->delivered += count($ids);
    }

    /**
     * @param array<int, array<string, mixed>> $rows
     * @param int|null $status
     * @param string $error
     * @return void
     */
    private function deadAll(array $rows, ?int $status, string $error): void
    {
        foreach ($rows as $row) {
            $this->dead($row, $status, $error);
        }
    }

    /**
     * @param array<string, mixed> $row
     * @param int|null $status
     * @param string $error
     * @return void
     */
    private function dead(array $row, ?int $status, string $error): void
    {
        $attempts = (int) $row['attempts'] + 1;
        $this->store->markDead((int) $row['outbox_id'], $attempts, $status, $this->clip($error), $this->clock->now());
        $this->result->dead++;
        $this->logger->warning(sprintf(
            'exact-sidecar: outbox row %d (%s) dead-lettered: %s',
            (int) $row['outbox_id'],
            (string) $row['idempotency_key'],
            $this->clip($error)
        ));
    }

    /**
     * @param array<int, array<string, mixed>> $rows
     * @param int|null $status
     * @param string $error
     * @param int|null $retryAfter
     * @return void
     */
    private function retryAll(array $rows, ?int $status, string $error, ?int $retryAfter): void
    {
        foreach ($rows as $row) {
            $this->retry($row, $status, $error, $retryAfter);
        }
        if ($rows !== []) {
            $this->logger->warning(sprintf(
                'exact-sidecar: %d outbox row(s) will be retried: %s',
                count($rows),
                $this->clip($error)
            ));
        }
    }

    /**
     * @param array<string, mixed> $row
     * @param int|null $status
     * @param string $error
     * @param int|null $retryAfter
     * @return void
     */
    private function retry(array $row, ?int $status, string $error, ?int $retryAfter): void
    {
        $attempts = (int) $row['attempts'] + 1;
        $now = $this->clock->now();
        $next = $now + $this->backoff->delay($attempts, $retryAfter);
        $this->store->markRetry((int) $row['outbox_id'], $attempts, $next, $status, $this->clip($error), $now);
        $this->result->retry++;
    }

    /**
     * @param string $text
     * @return string
     */
    private function clip(string $text): string
    {
        return mb_substr($text, 0, 1000);
    }
}
