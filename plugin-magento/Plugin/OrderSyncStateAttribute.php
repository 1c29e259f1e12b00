<?php

declare(strict_types=1);

namespace ExactSidecar\Connector\Plugin;

use ExactSidecar\Connector\Model\Data\OrderSyncState;
use ExactSidecar\Connector\Model\OrderLink\OrderLinkStoreInterface;
use Magento\Sales\Api\Data\OrderExtensionFactory;
use Magento\Sales\Api\Data\OrderInterface;
use Magento\Sales\Api\Data\OrderSearchResultInterface;
use Magento\Sales\Api\OrderRepositoryInterface;
use Psr\Log\LoggerInterface;

/**
 * Puts the module's record of an order (table exact_sidecar_order) on the order as the extension
 * attribute exact_sidecar_sync, so GET /V1/orders, the order list and the events the module sends
 * all carry it. One query per get or list.
 *
 * Loading an order must never fail because of this module: a problem with the table is logged and
 * the order is returned without the attribute.
 */
class OrderSyncStateAttribute
{
    /** @var OrderLinkStoreInterface */
    private $store;

    /** @var OrderExtensionFactory */
    private $extensionFactory;

    /** @var LoggerInterface */
    private $logger;

    /**
     * @param OrderLinkStoreInterface $store
     * @param OrderExtensionFactory $extensionFactory
     * @param LoggerInterface $logger
     */
    public function __construct(
        OrderLinkStoreInterface $store,
        OrderExtensionFactory $extensionFactory,
        LoggerInterface $logger
    ) {
        $this->store = $store;
        $this->extensionFactory = $extensionFactory;
        $this->logger = $logger;
    }

    /**
     * @param OrderRepositoryInterface $subject
     * @param OrderInterface $order
     * @return OrderInterface
     */
    public function afterGet(OrderRepositoryInterface $subject, OrderInterface $order): OrderInterface
    {
        $this->attach([$order]);
        return $order;
    }

    /**
     * @param OrderRepositoryInterface $subject
     * @param OrderSearchResultInterface $result
     * @return OrderSearchResultInterface
     */
    public function afterGetList(
        OrderRepositoryInterface $subject,
        OrderSearchResultInterface $result
    ): OrderSearchResultInterface {
        $this->attach($result->getItems());
        return $result;
    }

    /**
     * @param OrderInterface[] $orders
     * @return void
     */
    private function attach(array $orders): void
    {
        $byId = [];
        foreach ($orders as $order) {
            $id = (int) $order->getEntityId();
            if ($id > 0) {
                $byId[$id] = $order;
            }
        }
        if ($byId === []) {
            return;
        }
        try {
            $records = $this->store->getMany(array_keys($byId));
        } catch (\Throwable $e) {
            $this->logger->warning('exact-sidecar: could not read the Exact state of orders: ' . $e->getMessage());
            return;
        }
        foreach ($records as $id => $record) {
            if (!isset($byId[$id]) || (string) ($record['sync_state'] ?? '') === '') {
                continue;
            }
            $order = $byId[$id];
            $extension = $order->getExtensionAttributes() ?? $this->extensionFactory->create();
            $extension->setExactSidecarSync(new OrderSyncState(
                $record['sync_state'] ?? null,
                $record['document_type'] ?? null,
                $record['document_number'] ?? null
            ));
            $order->setExtensionAttributes($extension);
        }
    }
}
