<?php

declare(strict_types=1);

namespace ExactSidecar\Connector\Block\Adminhtml\System\Config\Mapping;

/**
 * Magento payment method -> Exact payment condition, with an optional Exact cash or bank journal.
 */
class PaymentMapping extends AbstractMapping
{
    /**
     * @inheritDoc
     */
    protected function kind(): string
    {
        return 'payment';
    }

    /**
     * @inheritDoc
     */
    protected function magentoLabel(): string
    {
        return (string) __('Magento payment method');
    }

    /**
     * @inheritDoc
     */
    protected function exactLabel(): string
    {
        return (string) __('Exact payment condition');
    }

    /**
     * @inheritDoc
     */
    protected function extraColumns(): array
    {
        return ['journal' => [(string) __('Exact journal (optional)'), 'payment_journal']];
    }
}
