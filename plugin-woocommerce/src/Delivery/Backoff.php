<?php

namespace ExactSidecar\Delivery;

/**
 * Retry schedule of the outbox: 1, 2, 4, 8, 16, 32 minutes, then every hour, for up to 24 hours after the
 * first failure; a Retry-After from the sidecar (429/503) is honoured up to one hour. After 24 hours of
 * failures the event is marked dead (kept, visible, and re-sendable from the admin).
 */
final class Backoff
{
    public const BASE_SECONDS = 60;
    public const MAX_DELAY_SECONDS = 3600;
    public const GIVE_UP_AFTER_SECONDS = 86400;

    /**
     * Delay before the next attempt after the given number of consecutive failures (1 = first failure).
     */
    public static function delay(int $failures, ?int $retryAfter = null): int
    {
        $failures = max(1, $failures);
        $delay = $failures > 7
            ? self::MAX_DELAY_SECONDS
            : min(self::MAX_DELAY_SECONDS, self::BASE_SECONDS << ($failures - 1));
        if ($retryAfter !== null && $retryAfter > $delay) {
            $delay = min($retryAfter, self::MAX_DELAY_SECONDS);
        }
        return $delay;
    }

    /**
     * When to try again, or null when the 24 hours since the first failure are used up.
     */
    public static function nextAttemptAt(int $now, int $firstFailureAt, int $failures, ?int $retryAfter = null): ?int
    {
        $deadline = $firstFailureAt + self::GIVE_UP_AFTER_SECONDS;
        if ($now >= $deadline) {
            return null;
        }
        return min($now + self::delay($failures, $retryAfter), $deadline);
    }

    /**
     * The delays an event meets while the sidecar stays down (for documentation and tests).
     *
     * @return int[]
     */
    public static function schedule(): array
    {
        $delays = [];
        $now = 0;
        $failures = 1;
        while (($next = self::nextAttemptAt($now, 0, $failures)) !== null) {
            $delays[] = $next - $now;
            $now = $next;
            $failures++;
        }
        return $delays;
    }
}
