<?php

declare(strict_types=1);

namespace ExactSidecar\Connector\Block\Adminhtml\System\Config\Mapping;

/**
 * Magento carrier -> Exact shipping method.
 */
class ShippingMapping extends AbstractMapping
{
    /**
     * @inheritDoc
     */
    protected function kind(): string
    {
        return 'shipping';
    }

    /**
     * @inheritDoc
     */
    protected function magentoLabel(): string
    {
        return (string) __('Magento carrier');
    }

    /**
     * @inheritDoc
     */
    protected function exactLabel(): string
    {
        return (string) __('Exact shipping method');
    }
}
