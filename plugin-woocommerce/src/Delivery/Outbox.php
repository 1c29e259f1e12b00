<?php

namespace ExactSidecar\Delivery;

use ExactSidecar\Config;

/**
 * Schedules deliveries. Called from hooks: it writes one small state row and one Action Scheduler action,
 * and never makes an HTTP call.
 *
 * One action per (event type, entity), with stable arguments, so a newer event replaces the older pending
 * action (and a pending retry) instead of queueing a second delivery. The event's data is built when the
 * action runs, so the sidecar always gets the entity as it is then.
 */
final class Outbox
{
    /** Seconds to wait before delivering, so that several changes in one request coalesce. */
    public const COALESCE_SECONDS = 10;

    /** @var StateStore */
    private $store;
    /** @var callable():int */
    private $clock;

    public function __construct(StateStore $store, ?callable $clock = null)
    {
        $this->store = $store;
        $this->clock = $clock ?? static function (): int {
            return time();
        };
    }

    /**
     * @return array{type:string,id:string}
     */
    public static function actionArgs(string $type, string $entityId): array
    {
        return ['type' => $type, 'id' => $entityId];
    }

    /**
     * Queue a new event for an entity, replacing any pending one. Returns the new event id.
     */
    public function enqueue(string $type, string $entityId, int $delay = self::COALESCE_SECONDS): string
    {
        if (!Events::isKnown($type)) {
            throw new \InvalidArgumentException(sprintf('Unknown event type "%s".', $type));
        }
        if ($entityId === '') {
            throw new \InvalidArgumentException('An event needs an entity id.');
        }
        $now = ($this->clock)();
        $eventId = Events::newId($type, $entityId);
        $this->store->put($type, $entityId, [
            'type' => $type,
            'entity_id' => $entityId,
            'event_id' => $eventId,
            'occurred_at' => Events::timestamp($now),
            'failures' => 0,
            'first_failure_at' => null,
        ]);
        $args = self::actionArgs($type, $entityId);
        as_unschedule_all_actions(Config::ACTION_HOOK, $args, Config::ACTION_GROUP);
        as_schedule_single_action($now + max(0, $delay), Config::ACTION_HOOK, $args, Config::ACTION_GROUP);
        return $eventId;
    }

    /**
     * Schedule the next attempt of the same event (same event id) at a given time.
     */
    public function reschedule(string $type, string $entityId, int $when): void
    {
        $args = self::actionArgs($type, $entityId);
        as_schedule_single_action($when, Config::ACTION_HOOK, $args, Config::ACTION_GROUP);
    }

    public function hasPending(string $type, string $entityId): bool
    {
        return (bool) as_has_scheduled_action(
            Config::ACTION_HOOK,
            self::actionArgs($type, $entityId),
            Config::ACTION_GROUP
        );
    }

    /**
     * Remove every pending delivery (deactivation, uninstall).
     */
    public static function unscheduleAll(): void
    {
        if (function_exists('as_unschedule_all_actions')) {
            as_unschedule_all_actions(Config::ACTION_HOOK, [], Config::ACTION_GROUP);
            as_unschedule_all_actions('', [], Config::ACTION_GROUP);
        }
    }
}
