<?php

declare(strict_types=1);

namespace ExactSidecar\Connector\Block\Adminhtml\System\Config\Mapping;

/**
 * Magento tax rate -> Exact VAT code.
 */
class VatMapping extends AbstractMapping
{
    /**
     * @inheritDoc
     */
    protected function kind(): string
    {
        return 'vat';
    }

    /**
     * @inheritDoc
     */
    protected function magentoLabel(): string
    {
        return (string) __('Magento tax rate');
    }

    /**
     * @inheritDoc
     */
    protected function exactLabel(): string
    {
        return (string) __('Exact VAT code');
    }
}
