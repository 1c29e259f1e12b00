<?php

declare(strict_types=1);

namespace ExactSidecar\Connector\Test\Support;

use Magento\Framework\Exception\NoSuchEntityException;
use Magento\Sales\Api\Data\OrderInterface;
use Magento\Sales\Api\OrderRepositoryInterface;

/**
 * Orders by entity id; save() records the saved orders.
 */
class FakeOrderRepository implements OrderRepositoryInterface
{
    /** @var array<int, FakeOrder> */
    public $orders = [];

    /** @var array<int, array<string, mixed>> data of each saved order at save time */
    public $saved = [];

    /** @var \Throwable|null thrown by get() when set */
    public $failWith;

    /** @var callable|null called inside save(), e.g. to dispatch the commit-after observers */
    public $onSave;

    /**
     * @param FakeOrder $order
     * @return void
     */
    public function put(FakeOrder $order): void
    {
        $this->orders[(int) $order->getEntityId()] = $order;
    }

    /**
     * @inheritDoc
     */
    public function get($id)
    {
        if ($this->failWith !== null) {
            throw $this->failWith;
        }
        if (!isset($this->orders[(int) $id])) {
            throw new NoSuchEntityException(
                __('The entity that was requested doesn\'t exist. Verify the entity and try again.')
            );
        }
        return $this->orders[(int) $id];
    }

    /**
     * @inheritDoc
     */
    public function save(OrderInterface $entity)
    {
        $this->saved[] = $entity instanceof FakeOrder ? $entity->getData() : [];
        if ($this->onSave !== null) {
            ($this->onSave)($entity);
        }
        return $entity;
    }
}
