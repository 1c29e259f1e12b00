<?php

declare(strict_types=1);

namespace ExactSidecar\Connector\Block\Adminhtml\System\Config;

use ExactSidecar\Connector\Model\Settings\SettingsView;
use Magento\Backend\Block\Template\Context;
use Magento\Config\Block\System\Config\Form\Field;
use Magento\Framework\Data\Form\Element\AbstractElement;

/**
 * A field whose value lives in the sidecar's settings document: shows the document's value (SettingsView), keeps
 * a stored choice the option list lacks, and shows the sidecar's errors for the field under it.
 */
class SidecarField extends Field
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
     * @param AbstractElement $element
     * @return string
     */
    public function render(AbstractElement $element)
    {
        $path = self::configPath($element);
        $value = $this->view->value($path);
        if ($value !== null) {
            $element->setValue($value);
        }
        $options = $element->getData('values');
        if (is_array($options)) {
            $element->setData('values', SettingsView::withCurrent(
                $options,
                $element->getValue(),
                (string) __('not found')
            ));
        }
        $errors = '';
        foreach ($this->view->errors($path) as $problem) {
            $errors .= '<span class="exact-sidecar-field-error" style="display:block;color:#e22626">'
                . $this->escapeHtml($problem) . '</span>';
        }
        if ($errors !== '') {
            $element->setComment(trim((string) $element->getComment() . ' ' . $errors));
        }
        return parent::render($element);
    }

    /**
     * "section/group/field" of a configuration element.
     *
     * @param AbstractElement $element
     * @return string
     */
    public static function configPath(AbstractElement $element): string
    {
        $config = $element->getData('field_config');
        if (is_array($config) && isset($config['path'], $config['id'])) {
            return $config['path'] . '/' . $config['id'];
        }
        return (string) preg_replace('/^exact_sidecar_([a-z]+)_/', 'exact_sidecar/$1/', (string) $element->getHtmlId());
    }
}
