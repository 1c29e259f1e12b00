<?php

declare(strict_types=1);

namespace ExactSidecar\Connector\Observer\Adminhtml;

use ExactSidecar\Connector\Model\Settings\SettingsPusher;
use Magento\Framework\Event\Observer;
use Magento\Framework\Event\ObserverInterface;
use Magento\Framework\Message\ManagerInterface;
use Psr\Log\LoggerInterface;

/**
 * admin_system_config_changed_section_exact_sidecar: sends the settings to the sidecar and shows the outcome,
 * including each field error the sidecar reported.
 */
class PushSettingsObserver implements ObserverInterface
{
    /** @var SettingsPusher */
    private $pusher;

    /** @var ManagerInterface */
    private $messages;

    /** @var LoggerInterface */
    private $logger;

    /**
     * @param SettingsPusher $pusher
     * @param ManagerInterface $messages
     * @param LoggerInterface $logger
     */
    public function __construct(SettingsPusher $pusher, ManagerInterface $messages, LoggerInterface $logger)
    {
        $this->pusher = $pusher;
        $this->messages = $messages;
        $this->logger = $logger;
    }

    /**
     * @param Observer $observer
     * @return void
     */
    public function execute(Observer $observer)
    {
        try {
            $result = $this->pusher->push();
        } catch (\Throwable $e) {
            $this->logger->error('exact-sidecar: pushing settings failed: ' . $e->getMessage(), ['exception' => $e]);
            $this->messages->addErrorMessage(
                (string) __('The settings could not be sent to the sidecar; see the log.')
            );
            return;
        }
        if ($result === null) {
            return;
        }
        if ($result->ok) {
            $this->messages->addSuccessMessage((string) __('The settings were saved in the sidecar.'));
            return;
        }
        $this->messages->addErrorMessage($result->message);
        foreach ($result->fieldErrors as $field => $problems) {
            $this->messages->addErrorMessage((string) __('%1: %2', $field, implode(' ', $problems)));
        }
    }
}
