<?php

declare(strict_types=1);

namespace ExactSidecar\Connector\Controller\Adminhtml;

use ExactSidecar\Connector\Model\Admin\AdminResult;
use Magento\Backend\App\Action;
use Magento\Backend\App\Action\Context;
use Magento\Framework\App\Action\HttpPostActionInterface;
use Magento\Framework\Controller\Result\Json;
use Magento\Framework\Controller\Result\JsonFactory;

/**
 * Admin AJAX actions of the configuration and order pages: POST only (form key checked by Magento),
 * answer {"ok", "message", "data", "fields"}.
 */
abstract class AbstractJson extends Action implements HttpPostActionInterface
{
    /** @var JsonFactory */
    protected $jsonFactory;

    /**
     * @param Context $context
     * @param JsonFactory $jsonFactory
     */
    public function __construct(Context $context, JsonFactory $jsonFactory)
    {
        $this->jsonFactory = $jsonFactory;
        parent::__construct($context);
    }

    /**
     * @param AdminResult $result
     * @return Json
     */
    protected function respond(AdminResult $result): Json
    {
        $answer = $result->toArray();
        $answer['message'] = (string) __($answer['message']);
        return $this->jsonFactory->create()->setData($answer);
    }
}
