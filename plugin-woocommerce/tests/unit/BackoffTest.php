<?php

namespace ExactSidecar\Tests;

use ExactSidecar\Delivery\Backoff;
use ExactSidecar\Tests\Support\TestCase;

final class BackoffTest extends TestCase
{
    public function testDelaysDoubleFromOneMinuteAndCapAtOneHour(): void
    {
        $this->assertSame(
            [60, 120, 240, 480, 960, 1920, 3600, 3600, 3600],
            array_map([Backoff::class, 'delay'], range(1, 9))
        );
        $this->assertSame(3600, Backoff::delay(500), 'no overflow for large failure counts');
    }

    public function testRetryAfterIsHonouredUpToOneHour(): void
    {
        $this->assertSame(300, Backoff::delay(1, 300));
        $this->assertSame(120, Backoff::delay(2, 5), 'a shorter Retry-After does not shorten the backoff');
        $this->assertSame(3600, Backoff::delay(1, 86400));
    }

    public function testScheduleCoversExactlyTwentyFourHours(): void
    {
        $schedule = Backoff::schedule();
        $this->assertSame(86400, array_sum($schedule), 'the last attempt is exactly 24 h after the first failure');
        $this->assertSame([60, 120, 240, 480, 960, 1920, 3600], array_slice($schedule, 0, 7));
        $this->assertCount(29, $schedule);
        $this->assertLessThanOrEqual(3600, max($schedule));
    }

    public function testNoNextAttemptOnceTwentyFourHoursHavePassed(): void
    {
        $this->assertNull(Backoff::nextAttemptAt(1000 + 86400, 1000, 30));
        $this->assertSame(1000 + 86400, Backoff::nextAttemptAt(1000 + 86000, 1000, 30));
    }
}
