<?php

declare(strict_types=1);

namespace ExactSidecar\Connector\Cron;

use ExactSidecar\Connector\Model\Clock\ClockInterface;
use ExactSidecar\Connector\Model\Config;
use ExactSidecar\Connector\Model\Outbox\OutboxStoreInterface;
use Psr\Log\LoggerInterface;

/**
 * Cron job exact_sidecar_outbox_cleanup (daily): deletes delivered rows older than the configured number of
 * days. Pending and dead rows are never deleted here.
 */
class CleanOutbox
{
    public const CHUNK = 1000;
    public const MAX_CHUNKS = 100;

    /** @var Config */
    private $config;

    /** @var OutboxStoreInterface */
    private $store;

    /** @var ClockInterface */
    private $clock;

    /** @var LoggerInterface */
    private $logger;

    /**
     * @param Config $config
     * @param OutboxStoreInterface $store
     * @param ClockInterface $clock
     * @param LoggerInterface $logger
     */
    public function __construct(
        Config $config,
        OutboxStoreInterface $store,
        ClockInterface $clock,
        LoggerInterface $logger
    ) {
        $this->config = $config;
        $this->store = $store;
        $this->clock = $clock;
        $this->logger = $logger;
    }

    /**
     * @return int rows deleted
     */
    public function execute(): int
    {
        $cutoff = $this->clock->now() - $this->config->getKeepDeliveredDays() * 86400;
        $total = 0;
        try {
            for ($i = 0; $i < self::MAX_CHUNKS; $i++) {
                $deleted = $this->store->deleteDeliveredBefore($cutoff, self::CHUNK);
                $total += $deleted;
                if ($deleted < self::CHUNK) {
                    break;
                }
            }
        } catch (\Throwable $e) {
            $this->logger->error('exact-sidecar: outbox clean-up failed: ' . $e->getMessage(), ['exception' => $e]);
        }
        return $total;
    }
}
