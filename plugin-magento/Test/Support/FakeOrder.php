<?php

declare(strict_types=1);

namespace ExactSidecar\Connector\Test\Support;

use Magento\Sales\Api\Data\OrderInterface;

/**
 * An order model double: REST data in, REST data out, plus the status history the pushback adds.
 */
class FakeOrder extends FakeModel implements OrderInterface
{
    /** @var array<int, array{comment: string, status: mixed}> */
    public $addedComments = [];

    /** @var \Magento\Sales\Api\Data\OrderExtensionInterface|null */
    private $extensionAttributes;

    /**
     * @inheritDoc
     */
    public function getExtensionAttributes()
    {
        return $this->extensionAttributes;
    }

    /**
     * @inheritDoc
     */
    public function setExtensionAttributes(\Magento\Sales\Api\Data\OrderExtensionInterface $extensionAttributes)
    {
        $this->extensionAttributes = $extensionAttributes;
        return $this;
    }

    /**
     * @inheritDoc
     */
    public function getEntityId()
    {
        return $this->getData('entity_id');
    }

    /**
     * @inheritDoc
     */
    public function getIncrementId()
    {
        return $this->getData('increment_id');
    }

    /**
     * @inheritDoc
     */
    public function getStoreId()
    {
        return $this->getData('store_id');
    }

    /**
     * @inheritDoc
     */
    public function getState()
    {
        return $this->getData('state');
    }

    /**
     * @inheritDoc
     */
    public function setState($state)
    {
        return $this->setData('state', $state);
    }

    /**
     * @inheritDoc
     */
    public function getStatus()
    {
        return $this->getData('status');
    }

    /**
     * @inheritDoc
     */
    public function setStatus($status)
    {
        return $this->setData('status', $status);
    }

    /**
     * Same signature as Magento\Sales\Model\Order::addCommentToStatusHistory().
     *
     * @param string $comment
     * @param bool|string $status
     * @param bool $isVisibleOnFront
     * @return $this
     */
    public function addCommentToStatusHistory($comment, $status = false, $isVisibleOnFront = false)
    {
        $this->addedComments[] = ['comment' => (string) $comment, 'status' => $status];
        // As Order::addStatusHistory(): the new row joins getStatusHistories().
        $histories = (array) ($this->getData('status_histories') ?? []);
        $histories[] = ['comment' => (string) $comment, 'status' => $status === false ? null : $status];
        $this->setData('status_histories', $histories);
        return $this;
    }
}
