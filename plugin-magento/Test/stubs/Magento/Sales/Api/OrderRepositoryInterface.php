<?php

declare(strict_types=1);

namespace Magento\Sales\Api;

/**
 * Stand-in of app/code/Magento/Sales/Api/OrderRepositoryInterface.php (get, save).
 */
interface OrderRepositoryInterface
{
    /**
     * @param int $id
     * @return \Magento\Sales\Api\Data\OrderInterface
     * @throws \Magento\Framework\Exception\NoSuchEntityException
     */
    public function get($id);

    /**
     * @param \Magento\Sales\Api\Data\OrderInterface $entity
     * @return \Magento\Sales\Api\Data\OrderInterface
     */
    public function save(\Magento\Sales\Api\Data\OrderInterface $entity);
}
