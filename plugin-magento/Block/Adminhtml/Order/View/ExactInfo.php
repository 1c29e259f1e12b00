<?php

declare(strict_types=1);

namespace ExactSidecar\Connector\Block\Adminhtml\Order\View;

use ExactSidecar\Connector\Model\OrderLink\OrderLinkStoreInterface;
use Magento\Backend\Block\Template;
use Magento\Backend\Block\Template\Context;

/**
 * "Exact Online" box on the order view: sync state, document, error and resolution, Retry / Resend.
 */
class ExactInfo extends Template
{
    /** @var OrderLinkStoreInterface */
    private $links;

    /** @var array<string, mixed>|null|false */
    private $record = false;

    /**
     * @param Context $context
     * @param OrderLinkStoreInterface $links
     * @param array<string, mixed> $data
     */
    public function __construct(Context $context, OrderLinkStoreInterface $links, array $data = [])
    {
        $this->links = $links;
        parent::__construct($context, $data);
    }

    /**
     * @return int
     */
    public function getOrderId(): int
    {
        return (int) $this->getRequest()->getParam('order_id');
    }

    /**
     * The order's record from exact_sidecar_order, null before the sidecar reported anything.
     *
     * @return array<string, mixed>|null
     */
    public function getRecord(): ?array
    {
        if ($this->record === false) {
            try {
                $this->record = $this->links->get($this->getOrderId());
            } catch (\Throwable $e) {
                $this->_logger->error('exact-sidecar: cannot read the order record: ' . $e->getMessage());
                $this->record = null;
            }
        }
        return $this->record;
    }

    /**
     * @return bool
     */
    public function canRetry(): bool
    {
        return $this->_authorization->isAllowed('ExactSidecar_Connector::order_retry');
    }

    /**
     * @return string
     */
    public function getRetryUrl(): string
    {
        return $this->getUrl('exactsidecar/order/retry');
    }

    /**
     * @return string
     */
    public function getResendUrl(): string
    {
        return $this->getUrl('exactsidecar/order/resend');
    }
}
