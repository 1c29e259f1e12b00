<?php

declare(strict_types=1);

namespace Magento\Sales\Api\Data;

/**
 * Stand-in of app/code/Magento/Sales/Api/Data/CreditmemoInterface.php (subset).
 */
interface CreditmemoInterface
{
    public const ENTITY_ID = 'entity_id';
    public const ORDER_ID = 'order_id';
    public const STATE = 'state';

    /**
     * @return int|null
     */
    public function getEntityId();

    /**
     * @return int
     */
    public function getOrderId();

    /**
     * @return int|null
     */
    public function getStoreId();

    /**
     * @return int|null
     */
    public function getState();
}
