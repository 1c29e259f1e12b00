<?php

declare(strict_types=1);

namespace Magento\Sales\Api\Data;

/**
 * Stand-in of app/code/Magento/Sales/Api/Data/OrderInterface.php (the getters/setters this module uses).
 */
interface OrderInterface
{
    /**
     * @return int|null
     */
    public function getEntityId();

    /**
     * @return string|null
     */
    public function getIncrementId();

    /**
     * @return int|null
     */
    public function getStoreId();

    /**
     * @return string|null
     */
    public function getState();

    /**
     * @param string $state
     * @return $this
     */
    public function setState($state);

    /**
     * @return string|null
     */
    public function getStatus();

    /**
     * @param string $status
     * @return $this
     */
    public function setStatus($status);

    /**
     * @return \Magento\Sales\Api\Data\OrderExtensionInterface|null
     */
    public function getExtensionAttributes();

    /**
     * @param \Magento\Sales\Api\Data\OrderExtensionInterface $extensionAttributes
     * @return $this
     */
    public function setExtensionAttributes(\Magento\Sales\Api\Data\OrderExtensionInterface $extensionAttributes);
}
