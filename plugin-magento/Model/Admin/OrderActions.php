<?php

declare(strict_types=1);

namespace ExactSidecar\Connector\Model\Admin;

use ExactSidecar\Connector\Model\Clock\ClockInterface;
use ExactSidecar\Connector\Model\Outbox\Recorder;

/**
 * The order page's buttons: Retry (the sidecar re-queues its job) and Resend (a fresh event via the outbox).
 */
class OrderActions
{
    /** @var SidecarAdmin */
    private $admin;

    /** @var Recorder */
    private $recorder;

    /** @var ClockInterface */
    private $clock;

    /**
     * @param SidecarAdmin $admin
     * @param Recorder $recorder
     * @param ClockInterface $clock
     */
    public function __construct(SidecarAdmin $admin, Recorder $recorder, ClockInterface $clock)
    {
        $this->admin = $admin;
        $this->recorder = $recorder;
        $this->clock = $clock;
    }

    /**
     * @param int $orderId
     * @return AdminResult
     */
    public function retry(int $orderId): AdminResult
    {
        if ($orderId < 1) {
            return new AdminResult(false, 'No order given.');
        }
        return $this->admin->retryOrder($orderId);
    }

    /**
     * Queue a new order.updated event; the next cron run (within a minute) delivers it.
     *
     * @param int $orderId
     * @param int|null $storeId
     * @return AdminResult
     */
    public function resend(int $orderId, ?int $storeId): AdminResult
    {
        if ($orderId < 1) {
            return new AdminResult(false, 'No order given.');
        }
        $key = $this->recorder->record(
            Recorder::TYPE_ORDER_UPDATED,
            Recorder::ENTITY_ORDER,
            (string) $orderId,
            $storeId,
            ['resend', (string) $this->clock->now()]
        );
        if ($key === null) {
            return new AdminResult(false, 'The order could not be queued; see the log.');
        }
        return new AdminResult(true, 'The order is queued and is sent to the sidecar within a minute.', [
            'event_id' => $key,
        ]);
    }
}
