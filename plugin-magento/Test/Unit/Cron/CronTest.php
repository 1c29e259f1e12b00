<?php

declare(strict_types=1);

namespace ExactSidecar\Connector\Test\Unit\Cron;

use ExactSidecar\Connector\Cron\CleanOutbox;
use ExactSidecar\Connector\Cron\DrainOutbox;
use ExactSidecar\Connector\Model\Config;
use ExactSidecar\Connector\Test\Support\FakeTransport;
use ExactSidecar\Connector\Test\Support\Kit;
use Magento\Framework\Lock\LockManagerInterface;
use PHPUnit\Framework\TestCase;

class CronTest extends TestCase
{
    /** @var Kit */
    private $kit;

    protected function setUp(): void
    {
        $this->kit = new Kit();
        $this->kit->orders->put(Kit::fixtureOrder(1));
        $this->kit->recorder->record('order.updated', 'order', '1', 1, ['created']);
    }

    /**
     * @param bool $free
     * @return LockManagerInterface
     */
    private static function locks(bool $free): LockManagerInterface
    {
        return new class ($free) implements LockManagerInterface {
            /** @var bool */
            private $free;
            /** @var string[] */
            public $log = [];

            /**
             * @param bool $free
             */
            public function __construct(bool $free)
            {
                $this->free = $free;
            }

            public function lock(string $name, int $timeout = -1): bool
            {
                $this->log[] = "lock $name $timeout";
                return $this->free;
            }

            public function unlock(string $name): bool
            {
                $this->log[] = "unlock $name";
                return true;
            }

            public function isLocked(string $name): bool
            {
                return !$this->free;
            }
        };
    }

    public function testDrainRunsUnderALockAndReleasesIt(): void
    {
        $locks = self::locks(true);
        $this->kit->transport->queue[] = FakeTransport::json(200, ['results' => [
            ['id' => 'order:1:created', 'status' => 'accepted'],
        ]]);
        (new DrainOutbox($this->kit->config, $this->kit->drain, $locks, $this->kit->logger))->execute();
        $this->assertSame(['lock exact_sidecar_outbox_drain 0', 'unlock exact_sidecar_outbox_drain'], $locks->log);
        $this->assertCount(1, $this->kit->store->withStatus('delivered'));
        $this->assertSame(
            ['exact-sidecar: outbox drain delivered 1, dead 0, retry 0'],
            $this->kit->logger->messages('info')
        );
    }

    public function testBusyLockSkipsTheRun(): void
    {
        $locks = self::locks(false);
        (new DrainOutbox($this->kit->config, $this->kit->drain, $locks, $this->kit->logger))->execute();
        $this->assertSame([], $this->kit->transport->requests);
        $this->assertSame(['lock exact_sidecar_outbox_drain 0'], $locks->log);
    }

    public function testDisabledModuleDoesNotDrain(): void
    {
        $this->kit->scopeConfig->values[Config::XML_PATH_ENABLED] = '0';
        $locks = self::locks(true);
        (new DrainOutbox($this->kit->config, $this->kit->drain, $locks, $this->kit->logger))->execute();
        $this->assertSame([], $locks->log);
        $this->assertCount(1, $this->kit->store->withStatus('pending'));
    }

    public function testCleanupDeletesOnlyDeliveredRowsOlderThanTheSetting(): void
    {
        $now = $this->kit->clock->now();
        $this->kit->recorder->record('order.updated', 'order', '1', 1, ['a']);
        $this->kit->recorder->record('order.updated', 'order', '1', 1, ['b']);
        $this->kit->store->markDelivered([1], $now - 8 * 86400);
        $this->kit->store->markDelivered([2], $now - 6 * 86400);
        $this->kit->store->markDead(3, 1, 400, 'bad', $now - 30 * 86400);
        $deleted = (new CleanOutbox($this->kit->config, $this->kit->store, $this->kit->clock, $this->kit->logger))
            ->execute();
        $this->assertSame(1, $deleted);
        $this->assertSame([2, 3], array_keys($this->kit->store->rows));
    }
}
