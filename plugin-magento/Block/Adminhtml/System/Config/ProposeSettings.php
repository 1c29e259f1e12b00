<?php

declare(strict_types=1);

namespace ExactSidecar\Connector\Block\Adminhtml\System\Config;

use ExactSidecar\Connector\Model\Settings\SettingsView;
use Magento\Backend\Block\Template\Context;

/**
 * "Propose settings from Exact Online", and after it the proposal's reasons and what is still to do; the proposed
 * values are in the fields below (SettingsView), not saved until Save Config.
 */
class ProposeSettings extends AbstractAction
{
    /** @var SettingsView */
    private $view;

    /**
     * @param Context $context
     * @param SettingsView $view
     * @param array<string, mixed> $data
     */
    public function __construct(Context $context, SettingsView $view, array $data = [])
    {
        $this->view = $view;
        parent::__construct($context, $data);
    }

    /**
     * @inheritDoc
     */
    public function getActions(): array
    {
        return [
            [
                'label' => __('Propose settings from Exact Online'),
                'url' => $this->getUrl('exactsidecar/settings/propose'),
            ],
        ];
    }

    /**
     * @inheritDoc
     */
    public function getIntroHtml(): string
    {
        $proposal = $this->view->proposal();
        if ($proposal === null) {
            return '<p class="note">' . $this->escapeHtml(__(
                'Fills every empty setting the sidecar can match; nothing is saved until you press Save Config.'
            )) . '</p>';
        }
        $line = function (array $entry): string {
            $what = (string) ($entry['setting'] ?? '') . (isset($entry['shop']) ? ' (' . $entry['shop'] . ')' : '');
            return '<li>' . $this->escapeHtml($what . ': ' . (string) ($entry['why'] ?? ''))
                . (!empty($entry['required']) ? ' <em>' . $this->escapeHtml(__('(needed before the first order)'))
                    . '</em>' : '') . '</li>';
        };
        $html = '<p><strong>' . $this->escapeHtml(__('Proposed by the sidecar, not saved yet')) . '</strong></p><ul>';
        foreach ((array) ($proposal['proposed'] ?? []) as $entry) {
            $html .= is_array($entry) ? $line($entry) : '';
        }
        $html .= '</ul>';
        $missing = array_filter((array) ($proposal['missing'] ?? []), 'is_array');
        if ($missing !== []) {
            $html .= '<p><strong>' . $this->escapeHtml(__('Still to do')) . '</strong></p><ul>';
            foreach ($missing as $entry) {
                $html .= $line($entry);
            }
            $html .= '</ul>';
        }
        return $html;
    }
}
