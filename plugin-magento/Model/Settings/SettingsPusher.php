<?php

declare(strict_types=1);

namespace ExactSidecar\Connector\Model\Settings;

use ExactSidecar\Connector\Model\Admin\AdminResult;
use ExactSidecar\Connector\Model\Admin\SidecarAdmin;
use ExactSidecar\Connector\Model\Config;

/**
 * After the configuration page is saved: read the sidecar's document, merge this page's values, PUT it.
 * Magento keeps the values either way, so a rejected save loses nothing and can be corrected.
 */
class SettingsPusher
{
    /** @var Config */
    private $config;

    /** @var SidecarAdmin */
    private $admin;

    /** @var SettingsDocument */
    private $document;

    /**
     * @param Config $config
     * @param SidecarAdmin $admin
     * @param SettingsDocument $document
     */
    public function __construct(Config $config, SidecarAdmin $admin, SettingsDocument $document)
    {
        $this->config = $config;
        $this->admin = $admin;
        $this->document = $document;
    }

    /**
     * @return AdminResult|null null when the connection is not configured yet (nothing to push)
     */
    public function push(): ?AdminResult
    {
        if (!$this->config->isComplete()) {
            return null;
        }
        $current = $this->admin->getSettings();
        if (!$current->ok) {
            return new AdminResult(
                false,
                'Saved in Magento, but not sent to the sidecar: ' . $current->message,
                $current->data,
                $current->fieldErrors
            );
        }
        $result = $this->admin->putSettings($this->document->merge($current->data));
        if (!$result->ok) {
            return new AdminResult(
                false,
                'Saved in Magento, but the sidecar refused the settings: ' . $result->message,
                $result->data,
                $result->fieldErrors
            );
        }
        return $result;
    }
}
