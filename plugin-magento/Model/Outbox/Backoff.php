<?php

declare(strict_types=1);

namespace ExactSidecar\Connector\Model\Outbox;

/**
 * Exponential backoff: 60 s after the first failure, doubling, at most 24 hours. Rows are retried for ever
 * at that ceiling (nothing is dropped); only 400/413/415 answers dead-letter a row.
 */
class Backoff
{
    public const BASE_SECONDS = 60;
    public const MAX_SECONDS = 86400;

    /**
     * Delay before the next attempt after $attempts failed attempts (1 = first failure).
     *
     * @param int $attempts
     * @param int|null $retryAfter a Retry-After header from the sidecar, honoured when longer
     * @return int seconds
     */
    public function delay(int $attempts, ?int $retryAfter = null): int
    {
        $exponent = max(0, min($attempts - 1, 20));
        $delay = min(self::BASE_SECONDS * (2 ** $exponent), self::MAX_SECONDS);
        if ($retryAfter !== null && $retryAfter > $delay) {
            $delay = min($retryAfter, self::MAX_SECONDS);
        }
        return (int) $delay;
    }
}
