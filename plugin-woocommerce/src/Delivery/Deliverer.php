<?php

namespace ExactSidecar\Delivery;

use ExactSidecar\Http\SidecarClient;
use ExactSidecar\Http\TransportException;

/**
 * Runs one outbox action: builds the event's data now, sends a signed POST /api/v1/events, and decides:
 * 2xx delivered; 400/413/415 dead at once; anything else (no answer, 401, 404, 409, 429, 5xx...) retried
 * with backoff for up to 24 hours. It never throws, so Action Scheduler never marks the action failed and
 * nothing is lost.
 */
final class Deliverer
{
    public const DEAD_STATUSES = [400, 413, 415];

    /** @var SidecarClient */
    private $client;
    /** @var PayloadSource */
    private $source;
    /** @var StateStore */
    private $store;
    /** @var Outbox */
    private $outbox;
    /** @var DeliveryObserver|null */
    private $observer;
    /** @var callable():int */
    private $clock;

    public function __construct(
        SidecarClient $client,
        PayloadSource $source,
        StateStore $store,
        Outbox $outbox,
        ?DeliveryObserver $observer = null,
        ?callable $clock = null
    ) {
        $this->client = $client;
        $this->source = $source;
        $this->store = $store;
        $this->outbox = $outbox;
        $this->observer = $observer;
        $this->clock = $clock ?? static function (): int {
            return time();
        };
    }

    /**
     * Action Scheduler callback: receives the action's arguments.
     *
     * @param mixed $type
     * @param mixed $entityId
     */
    public function handleAction($type, $entityId = ''): void
    {
        if (is_array($type)) {
            $entityId = $type['id'] ?? '';
            $type = $type['type'] ?? '';
        }
        $this->deliver((string) $type, (string) $entityId);
    }

    public function deliver(string $type, string $entityId): DeliveryResult
    {
        $now = ($this->clock)();
        $state = $this->store->get($type, $entityId);
        if ($state === null || empty($state['event_id'])) {
            $state = [
                'type' => $type,
                'entity_id' => $entityId,
                'event_id' => Events::newId($type, $entityId),
                'occurred_at' => Events::timestamp($now),
                'failures' => 0,
                'first_failure_at' => null,
            ];
        }
        $eventId = (string) $state['event_id'];

        if (!Events::isKnown($type) || $entityId === '') {
            $result = new DeliveryResult(
                DeliveryResult::DEAD,
                $type,
                $entityId,
                $eventId,
                0,
                null,
                sprintf('Unknown event "%s" for entity "%s"; nothing can be sent.', $type, $entityId)
            );
            $this->store->delete($type, $entityId);
            $this->notify($result);
            return $result;
        }

        try {
            $data = $this->source->build($type, $entityId);
        } catch (EntityGoneException $e) {
            $this->forget($type, $entityId, $eventId);
            return new DeliveryResult(DeliveryResult::SKIPPED, $type, $entityId, $eventId, 0, null, $e->getMessage());
        } catch (\Throwable $e) {
            $message = 'Could not build the event: ' . $e->getMessage();
            return $this->failed($type, $entityId, $state, $now, 0, null, $message);
        }

        $envelope = Events::envelope($eventId, $type, (string) $state['occurred_at'], $entityId, $data);
        try {
            $response = $this->client->postEvent($envelope);
        } catch (TransportException $e) {
            return $this->failed($type, $entityId, $state, $now, 0, null, $e->getMessage());
        } catch (\Throwable $e) {
            return $this->failed($type, $entityId, $state, $now, 0, null, $e->getMessage());
        }

        $body = $response->json();
        if ($response->isSuccess()) {
            $result = new DeliveryResult(
                DeliveryResult::DELIVERED,
                $type,
                $entityId,
                $eventId,
                $response->status,
                $body,
                is_array($body) && isset($body['status']) ? (string) $body['status'] : 'accepted'
            );
            $this->forget($type, $entityId, $eventId);
            $this->notify($result);
            return $result;
        }
        $message = sprintf('HTTP %d %s: %s', $response->status, $response->errorCode(), $response->errorMessage());
        if (in_array($response->status, self::DEAD_STATUSES, true)) {
            $result = new DeliveryResult(
                DeliveryResult::DEAD,
                $type,
                $entityId,
                $eventId,
                $response->status,
                $body,
                $message,
                null,
                (int) $state['failures'] + 1
            );
            $this->forget($type, $entityId, $eventId);
            $this->notify($result);
            return $result;
        }
        $retryAfter = $response->retryAfter($now);
        return $this->failed($type, $entityId, $state, $now, $response->status, $body, $message, $retryAfter);
    }

    /**
     * @param array<string,mixed> $state
     * @param mixed $body
     */
    private function failed(
        string $type,
        string $entityId,
        array $state,
        int $now,
        int $status,
        $body,
        string $message,
        ?int $retryAfter = null
    ): DeliveryResult {
        $failures = (int) ($state['failures'] ?? 0) + 1;
        $firstFailureAt = isset($state['first_failure_at']) ? (int) $state['first_failure_at'] : $now;
        $next = Backoff::nextAttemptAt($now, $firstFailureAt, $failures, $retryAfter);
        $eventId = (string) $state['event_id'];
        if ($next === null) {
            $result = new DeliveryResult(
                DeliveryResult::DEAD,
                $type,
                $entityId,
                $eventId,
                $status,
                $body,
                'Gave up after 24 hours of failed attempts. Last error: ' . $message,
                null,
                $failures
            );
            $this->forget($type, $entityId, $eventId);
            $this->notify($result);
            return $result;
        }
        $state['failures'] = $failures;
        $state['first_failure_at'] = $firstFailureAt;
        $state['last_error'] = $message;
        $current = $this->store->get($type, $entityId);
        if ($current === null || ($current['event_id'] ?? null) === $eventId) {
            // No newer event replaced this one meanwhile: keep the id and schedule the next attempt.
            $this->store->put($type, $entityId, $state);
            $this->outbox->reschedule($type, $entityId, $next);
        }
        $result = new DeliveryResult(
            DeliveryResult::RETRY,
            $type,
            $entityId,
            $eventId,
            $status,
            $body,
            $message,
            $next,
            $failures
        );
        $this->notify($result);
        return $result;
    }

    /**
     * Drop the state of this event unless a newer event has replaced it in the meantime.
     */
    private function forget(string $type, string $entityId, string $eventId): void
    {
        $current = $this->store->get($type, $entityId);
        if ($current !== null && ($current['event_id'] ?? null) === $eventId) {
            $this->store->delete($type, $entityId);
        }
    }

    private function notify(DeliveryResult $result): void
    {
        if ($this->observer === null) {
            return;
        }
        try {
            if ($result->outcome === DeliveryResult::DELIVERED) {
                $this->observer->delivered($result);
            } elseif ($result->outcome === DeliveryResult::RETRY) {
                $this->observer->retrying($result);
            } elseif ($result->outcome === DeliveryResult::DEAD) {
                $this->observer->dead($result);
            }
        } catch (\Throwable $e) {
            // Recording the result must never lose the event or fail the action.
            unset($e);
        }
    }
}
