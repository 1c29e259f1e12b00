<?php

declare(strict_types=1);

namespace ExactSidecar\Connector\Cron;

use ExactSidecar\Connector\Model\Config;
use ExactSidecar\Connector\Model\Outbox\Drain;
use Magento\Framework\Lock\LockManagerInterface;
use Psr\Log\LoggerInterface;

/**
 * Cron job exact_sidecar_outbox_drain (group exact_sidecar, every minute). One drain at a time.
 */
class DrainOutbox
{
    public const LOCK_NAME = 'exact_sidecar_outbox_drain';

    /** @var Config */
    private $config;

    /** @var Drain */
    private $drain;

    /** @var LockManagerInterface */
    private $lockManager;

    /** @var LoggerInterface */
    private $logger;

    /**
     * @param Config $config
     * @param Drain $drain
     * @param LockManagerInterface $lockManager
     * @param LoggerInterface $logger
     */
    public function __construct(
        Config $config,
        Drain $drain,
        LockManagerInterface $lockManager,
        LoggerInterface $logger
    ) {
        $this->config = $config;
        $this->drain = $drain;
        $this->lockManager = $lockManager;
        $this->logger = $logger;
    }

    /**
     * @return void
     */
    public function execute(): void
    {
        if (!$this->config->isEnabled()) {
            return;
        }
        if (!$this->lockManager->lock(self::LOCK_NAME, 0)) {
            return;
        }
        try {
            $result = $this->drain->run();
            if ($result->delivered + $result->dead + $result->retry > 0) {
                $this->logger->info(sprintf(
                    'exact-sidecar: outbox drain delivered %d, dead %d, retry %d%s',
                    $result->delivered,
                    $result->dead,
                    $result->retry,
                    $result->stoppedBecause !== null ? ' (stopped: ' . $result->stoppedBecause . ')' : ''
                ));
            }
        } catch (\Throwable $e) {
            $this->logger->error('exact-sidecar: outbox drain failed: ' . $e->getMessage(), ['exception' => $e]);
        } finally {
            $this->lockManager->unlock(self::LOCK_NAME);
        }
    }
}
