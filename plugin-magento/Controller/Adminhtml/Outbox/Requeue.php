<?php

declare(strict_types=1);

namespace ExactSidecar\Connector\Controller\Adminhtml\Outbox;

use ExactSidecar\Connector\Controller\Adminhtml\AbstractJson;
use ExactSidecar\Connector\Model\Admin\AdminResult;
use ExactSidecar\Connector\Model\Clock\ClockInterface;
use ExactSidecar\Connector\Model\Outbox\OutboxStoreInterface;
use Magento\Backend\App\Action\Context;
use Magento\Framework\Controller\Result\JsonFactory;

/**
 * POST exactsidecar/outbox/requeue: every dead event becomes pending again.
 */
class Requeue extends AbstractJson
{
    public const ADMIN_RESOURCE = 'ExactSidecar_Connector::config';

    /** @var OutboxStoreInterface */
    private $store;

    /** @var ClockInterface */
    private $clock;

    /**
     * @param Context $context
     * @param JsonFactory $jsonFactory
     * @param OutboxStoreInterface $store
     * @param ClockInterface $clock
     */
    public function __construct(
        Context $context,
        JsonFactory $jsonFactory,
        OutboxStoreInterface $store,
        ClockInterface $clock
    ) {
        $this->store = $store;
        $this->clock = $clock;
        parent::__construct($context, $jsonFactory);
    }

    /**
     * @return \Magento\Framework\Controller\Result\Json
     */
    public function execute()
    {
        $count = $this->store->requeue([], $this->clock->now());
        return $this->respond(
            new AdminResult(true, sprintf('%d event(s) requeued.', $count), ['count' => $count])
        );
    }
}
