<?php

declare(strict_types=1);

namespace ExactSidecar\Connector\Controller\Adminhtml\Order;

use ExactSidecar\Connector\Controller\Adminhtml\AbstractJson;
use ExactSidecar\Connector\Model\Admin\OrderActions;
use Magento\Backend\App\Action\Context;
use Magento\Framework\Controller\Result\JsonFactory;

/**
 * POST exactsidecar/order/retry (order_id): the sidecar re-queues the order.
 */
class Retry extends AbstractJson
{
    public const ADMIN_RESOURCE = 'ExactSidecar_Connector::order_retry';

    /** @var OrderActions */
    private $actions;

    /**
     * @param Context $context
     * @param JsonFactory $jsonFactory
     * @param OrderActions $actions
     */
    public function __construct(Context $context, JsonFactory $jsonFactory, OrderActions $actions)
    {
        $this->actions = $actions;
        parent::__construct($context, $jsonFactory);
    }

    /**
     * @return \Magento\Framework\Controller\Result\Json
     */
    public function execute()
    {
        return $this->respond($this->actions->retry((int) $this->getRequest()->getParam('order_id')));
    }
}
