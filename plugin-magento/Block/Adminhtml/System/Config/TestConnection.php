<?php

declare(strict_types=1);

namespace ExactSidecar\Connector\Block\Adminhtml\System\Config;

/**
 * "Test connection": a signed GET /api/v1/shop with the saved settings.
 */
class TestConnection extends AbstractAction
{
    /**
     * @inheritDoc
     */
    public function getActions(): array
    {
        return [
            ['label' => __('Test connection'), 'url' => $this->getUrl('exactsidecar/connection/test')],
        ];
    }
}
