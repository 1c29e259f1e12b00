<?php

declare(strict_types=1);

namespace ExactSidecar\Connector\Model\Settings;

use ExactSidecar\Connector\Model\Admin\AdminResult;
use ExactSidecar\Connector\Model\Admin\SidecarAdmin;
use ExactSidecar\Connector\Model\Config;

/**
 * After the configuration page is saved: read the sidecar's document, put this page's values in it, PUT it
 * whole. Magento keeps the values either way, so a rejected save loses nothing and can be corrected: the
 * sidecar's field errors are kept (PushState) and shown next to their fields; the returned result carries only
 * the errors no field of the page shows.
 */
class SettingsPusher
{
    /** @var Config */
    private $config;

    /** @var SidecarAdmin */
    private $admin;

    /** @var SettingsDocument */
    private $document;

    /** @var PushState */
    private $state;

    /**
     * @param Config $config
     * @param SidecarAdmin $admin
     * @param SettingsDocument $document
     * @param PushState $state
     */
    public function __construct(Config $config, SidecarAdmin $admin, SettingsDocument $document, PushState $state)
    {
        $this->config = $config;
        $this->admin = $admin;
        $this->document = $document;
        $this->state = $state;
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
            $this->state->failed([]);
            return new AdminResult(
                false,
                'Saved in Magento, but not sent to the sidecar: ' . $current->message,
                $current->data,
                $current->fieldErrors
            );
        }
        [$document, $places] = $this->document->build($current->data);
        $result = $this->admin->putSettings($document);
        if (!$result->ok) {
            [$placed, $unplaced] = SettingsDocument::placeErrors($result->fieldErrors, $places);
            $this->state->failed($placed);
            $message = 'Saved in Magento, but the sidecar refused the settings: ' . $result->message;
            if ($placed !== []) {
                $message .= ' See the messages next to the fields.';
            }
            return new AdminResult(false, $message, $result->data, $unplaced);
        }
        $this->state->succeeded();
        return $result;
    }
}
