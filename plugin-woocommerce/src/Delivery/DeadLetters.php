<?php

namespace ExactSidecar\Delivery;

use ExactSidecar\Config;

/**
 * The list of events the sidecar refused (400/413/415) or that failed for 24 hours, newest first,
 * shown on the settings page with a "Resend" button. Capped so the option stays small.
 */
final class DeadLetters
{
    public const MAX = 100;

    public static function add(DeliveryResult $result, int $now): void
    {
        $list = self::all();
        array_unshift($list, [
            'event_id' => $result->eventId,
            'type' => $result->type,
            'entity_id' => $result->entityId,
            'status' => $result->status,
            'message' => $result->message,
            'at' => $now,
        ]);
        update_option(Config::OPTION_DEAD_LETTERS, array_slice($list, 0, self::MAX), false);
    }

    /**
     * @return array<int,array<string,mixed>>
     */
    public static function all(): array
    {
        $list = get_option(Config::OPTION_DEAD_LETTERS, []);
        return is_array($list) ? array_values($list) : [];
    }

    /**
     * Remove entries of one entity (after a resend) and return them.
     *
     * @return array<int,array<string,mixed>>
     */
    public static function take(string $type, string $entityId): array
    {
        $taken = [];
        $kept = [];
        foreach (self::all() as $entry) {
            if (($entry['type'] ?? '') === $type && (string) ($entry['entity_id'] ?? '') === $entityId) {
                $taken[] = $entry;
            } else {
                $kept[] = $entry;
            }
        }
        update_option(Config::OPTION_DEAD_LETTERS, $kept, false);
        return $taken;
    }
}
