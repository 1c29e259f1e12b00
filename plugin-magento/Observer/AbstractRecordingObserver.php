<?php

declare(strict_types=1);

namespace ExactSidecar\Connector\Observer;

use ExactSidecar\Connector\Model\ChangeDetector;
use ExactSidecar\Connector\Model\Clock\ClockInterface;
use ExactSidecar\Connector\Model\Config;
use ExactSidecar\Connector\Model\Outbox\Recorder;
use ExactSidecar\Connector\Model\PushbackGuard;
use Magento\Framework\Event\Observer;
use Magento\Framework\Event\ObserverInterface;
use Psr\Log\LoggerInterface;

/**
 * Shared shape of the module's observers: enabled and not our own pushback -> record one outbox row.
 * Never throws: any problem is logged and the shop's save carries on.
 */
abstract class AbstractRecordingObserver implements ObserverInterface
{
    /** @var Config */
    protected $config;

    /** @var PushbackGuard */
    protected $guard;

    /** @var Recorder */
    protected $recorder;

    /** @var ChangeDetector */
    protected $detector;

    /** @var ClockInterface */
    protected $clock;

    /** @var LoggerInterface */
    protected $logger;

    /**
     * @param Config $config
     * @param PushbackGuard $guard
     * @param Recorder $recorder
     * @param ChangeDetector $detector
     * @param ClockInterface $clock
     * @param LoggerInterface $logger
     */
    public function __construct(
        Config $config,
        PushbackGuard $guard,
        Recorder $recorder,
        ChangeDetector $detector,
        ClockInterface $clock,
        LoggerInterface $logger
    ) {
        $this->config = $config;
        $this->guard = $guard;
        $this->recorder = $recorder;
        $this->detector = $detector;
        $this->clock = $clock;
        $this->logger = $logger;
    }

    /**
     * @param Observer $observer
     * @return void
     */
    public function execute(Observer $observer)
    {
        try {
            if ($this->guard->isActive() || !$this->config->isEnabled()) {
                return;
            }
            $this->handle($observer);
        } catch (\Throwable $e) {
            $this->logger->error(
                'exact-sidecar: observer ' . static::class . ' failed: ' . $e->getMessage(),
                ['exception' => $e]
            );
        }
    }

    /**
     * @param Observer $observer
     * @return void
     */
    abstract protected function handle(Observer $observer): void;

    /**
     * @param mixed $value
     * @return int|null
     */
    protected static function intOrNull($value): ?int
    {
        return $value === null || $value === '' ? null : (int) $value;
    }
}
